package org.portwatch.ingest.reading;

import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * The 202 answer: how many readings are on the broker, how many were re-sends of a measurement that a
 * later reading of the same request replaced, and which were left out and why. Every reading of the
 * request is counted once: {@code accepted + duplicates + rejected.size()} is the request's size.
 */
@Schema(name = "IngestResult")
public record IngestResult(
        @Schema(example = "1") int accepted,
        @Schema(example = "0", description = "Readings with the same type and measuredAt as a later reading of this "
                + "request, which was sent on in their place (one measurement, one reading); not errors")
        int duplicates,
        List<RejectedReading> rejected) {

    /** A rejected reading as the client sees it; {@code reason} is a stable code. */
    public record RejectedReading(
            @Schema(example = "1") int index,
            @Schema(example = "value") String field,
            @Schema(example = "IMPLAUSIBLE_VALUE") String reason,
            @Schema(example = "BODY_TEMPERATURE must be between 25.0 and 45.0 Cel") String detail) {
    }

    public static IngestResult of(int accepted, int duplicates, List<Rejection> rejections) {
        return new IngestResult(accepted, duplicates, rejections.stream()
                .map(r -> new RejectedReading(r.index(), r.field(), r.reason().name(), r.detail()))
                .toList());
    }
}
