package org.portwatch.alert.patient;

import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** One page of patients, by patientId. */
@Schema(name = "PatientPage")
public record PatientPage(
        List<PatientView> items,
        @Schema(example = "0") int page,
        @Schema(example = "50") int size,
        @Schema(example = "1", description = "Patients matching the query, on every page") long total) {
}
