package org.portwatch.ingest.symptom;

import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** The 202 answer: the check-in is on the broker under this id (the client's, or the one derived for it). */
@Schema(name = "CheckInReceipt")
public record CheckInReceipt(
        @Schema(example = "app-7-checkin-0042") String checkInId,
        @Schema(example = "[\"CHILLS\", \"OTHER\"]") List<String> symptoms) {
}
