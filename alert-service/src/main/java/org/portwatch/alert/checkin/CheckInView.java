package org.portwatch.alert.checkin;

import java.time.Instant;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** A check-in as the patient sent it: the symptoms and, for OTHER, their own words. */
@Schema(name = "CheckIn")
public record CheckInView(String checkInId, List<String> symptoms, String otherText, Instant reportedAt,
        Instant receivedAt) {
}
