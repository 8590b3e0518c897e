package org.portwatch.ingest.reading;

import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** The 202 answer: how many readings are on the broker, and which were left out and why. */
@Schema(name = "IngestResult")
public record IngestResult(
        @Schema(example = "1") int accepted,
        List<RejectedReading> rejected) {

    /** A rejected reading as the client sees it; {@code reason} is a stable code. */
    public record RejectedReading(
            @Schema(example = "1") int index,
            @Schema(example = "value") String field,
            @Schema(example = "IMPLAUSIBLE_VALUE") String reason,
            @Schema(example = "BODY_TEMPERATURE must be between 25.0 and 45.0 Cel") String detail) {
    }

    static IngestResult of(int accepted, List<Rejection> rejections) {
        return new IngestResult(accepted, rejections.stream()
                .map(r -> new RejectedReading(r.index(), r.field(), r.reason().name(), r.detail()))
                .toList());
    }
}
