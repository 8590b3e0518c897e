package org.portwatch.ingest.reading;

import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** The body of {@code POST /api/v1/readings}. */
@Schema(name = "ReadingBatch")
public record ReadingBatch(
        @Schema(required = true, maxItems = 500) List<ReadingInput> readings) {
}
