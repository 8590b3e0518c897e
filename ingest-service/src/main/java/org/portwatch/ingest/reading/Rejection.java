package org.portwatch.ingest.reading;

import org.portwatch.service.problem.Problem;

/** One reading not accepted: its position in the request, the field at fault and why. */
public record Rejection(int index, String field, RejectionReason reason, String detail) {

    Problem.FieldError toFieldError() {
        return new Problem.FieldError(index, field, reason.name(), detail);
    }
}
