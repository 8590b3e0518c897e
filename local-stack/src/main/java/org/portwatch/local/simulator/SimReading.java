package org.portwatch.local.simulator;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.portwatch.model.Activity;
import org.portwatch.model.MeasurementSite;
import org.portwatch.model.SensorStatus;
import org.portwatch.model.VitalType;

/**
 * One reading as a wearable sends it to {@code POST /api/v1/readings}. A {@link VitalType#HEART_RHYTHM} reading is a
 * category on the wire; here its {@code value} is 1 for IRREGULAR and 0 for REGULAR ({@link #rhythm}).
 */
public record SimReading(String readingId, VitalType type, double value, String unit, Instant measuredAt,
                         MeasurementSite site, Activity activity, SensorStatus sensorStatus) {

    /** A watch's rhythm check. */
    public static SimReading rhythm(String readingId, boolean irregular, Instant measuredAt) {
        return new SimReading(readingId, VitalType.HEART_RHYTHM, irregular ? 1 : 0, null, measuredAt, MeasurementSite.WRIST,
                Activity.RESTING, SensorStatus.ON_BODY);
    }

    /** The reading's JSON object in the ingest request. */
    public Map<String, Object> toJson() {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("readingId", readingId);
        json.put("type", type.name());
        if (type == VitalType.HEART_RHYTHM) {
            json.put("value", value > 0 ? "IRREGULAR" : "REGULAR");
            json.put("measuredAt", measuredAt.toString());
            json.put("sensorStatus", sensorStatus.name());
            return json;
        }
        // A heart rate is a whole number; temperatures keep their decimals.
        json.put("value", type == VitalType.HEART_RATE ? (Object) Math.round(value) : (Object) value);
        json.put("unit", unit);
        json.put("measuredAt", measuredAt.toString());
        if (site != null) {
            json.put("site", site.name());
        }
        if (activity != null) {
            json.put("activity", activity.name());
        }
        if (sensorStatus != null) {
            json.put("sensorStatus", sensorStatus.name());
        }
        return json;
    }

    /** The value in degrees Celsius (temperatures) or per minute (heart rate). */
    public double canonicalValue() {
        if (type == VitalType.BODY_TEMPERATURE && "[degF]".equals(unit)) {
            return (value - 32) * 5 / 9;
        }
        return value;
    }
}
