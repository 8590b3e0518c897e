package org.portwatch.model;

import java.time.Instant;

/** A reading that met a rule, as shown to the clinician next to the alert. */
public record Evidence(String readingId, VitalType type, double value, String unit, Instant measuredAt) {
}
