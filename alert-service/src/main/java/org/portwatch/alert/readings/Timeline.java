package org.portwatch.alert.readings;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.portwatch.alert.medication.AntipyreticDose;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.portwatch.model.AlertCondition;
import org.portwatch.model.Severity;
import org.portwatch.model.Thresholds;
import org.portwatch.model.VitalType;

/**
 * A patient's readings over a range, with what a chart needs to read them: the thresholds in force and the alerts of
 * the range, and the antipyretic doses whose masking window overlaps it (a low temperature under them may be hiding a
 * fever). {@code resolution} says what a point is: RAW, each reading ({@code value}; min = max = value, count 1);
 * otherwise a bucket of that length starting at {@code at} (value = the average, min, max, count).
 */
@Schema(name = "Timeline")
public record Timeline(
        String patientId,
        Instant from,
        Instant to,
        Resolution resolution,
        List<Series> series,
        Thresholds thresholds,
        List<AlertMark> alerts,
        List<AntipyreticDose> antipyretics) {

    /** What one point of a series stands for: one reading, or a bucket of this length. */
    public enum Resolution {
        RAW(Duration.ZERO), PT1M(Duration.ofMinutes(1)), PT15M(Duration.ofMinutes(15)), PT1H(Duration.ofHours(1));

        private final Duration bucket;

        Resolution(Duration bucket) {
            this.bucket = bucket;
        }

        /** The bucket length; zero for RAW. */
        public Duration bucket() {
            return bucket;
        }
    }

    /** One vital sign, oldest point first; off-body readings are left out (their values say nothing of the patient). */
    @Schema(name = "TimelineSeries")
    public record Series(VitalType type, String unit, List<Point> points) {
    }

    @Schema(name = "TimelinePoint")
    public record Point(Instant at, double value, double min, double max, long count) {
    }

    /** An alert of the patient overlapping the range (its episode started before the end, not resolved before the start). */
    @Schema(name = "TimelineAlert")
    public record AlertMark(String alertId, AlertCondition condition, Severity severity, String status,
            Instant episodeStart, Instant raisedAt, Instant resolvedAt) {
    }
}
