package org.portwatch.model;

import java.util.ArrayList;
import java.util.List;

/**
 * The per-patient numbers of the detection rules (docs/clinical-rules.md), with the defaults and their sources.
 * Every field is settable in the patient's profile; {@link #violations()} names the values a clinician
 * may not set, so an API can refuse them.
 *
 * @param feverCelsius              rule 1: "call right away for a fever of 100.4 °F (38.0 °C) or higher" (port leaflet)
 * @param feverConfirmMinutes       rule 1: a second reading at or above the line within this many minutes confirms a wearable's fever
 * @param highFeverCelsius          rule 2: IDSA 2010 / ASCO-IDSA 2018 febrile neutropenia, a single oral temperature ≥ 38.3 °C (101 °F)
 * @param sustainedFeverMinutes     rule 2: IDSA, ≥ 38.0 °C sustained over 1 hour
 * @param feverMaxGapMinutes        rule 2: a sustained fever may have no gap between readings longer than this
 * @param feverResolvedCelsius      lifecycle: a fever resolves below this (hysteresis under the fever line)
 * @param feverResolvedMinutes      lifecycle: ... throughout this many minutes
 * @param heartRateHigh             rule 3: racing heart at rest; consumer wearables notify above 100–150 /min (Apple Watch), default 100, settable 90–150
 * @param tachycardiaMinutes        rule 3: above the threshold throughout 10 minutes while inactive (Apple Watch)
 * @param tachycardiaMinReadings    rule 3: at least 3 readings
 * @param heartRateMaxGapMinutes    rule 3: no gap over 5 minutes between them
 * @param heartRateCritical         rule 3: NEWS2 (RCP 2017) scores a pulse ≥ 131 as 3, urgent review
 * @param criticalHeartRateMinutes  rule 3: ... throughout 5 minutes escalates to HIGH
 * @param heartRateResolvedMargin   lifecycle: tachycardia resolves at or below threshold minus this margin
 * @param heartRateResolvedMinutes  lifecycle: ... throughout 10 minutes
 * @param sepsisHeartRate           rule 4: SIRS (ACCP/SCCM 1992), heart rate > 90 with temperature > 38 °C
 * @param sepsisWindowMinutes       rule 4: the fast heart within 60 minutes of the fever
 * @param noDataMinutes             rule 5: stale-data alarm; Nightscout warns at 15 and is urgent at 30 minutes
 * @param offBodySkinCelsius        input hygiene: a wearable skin temperature below 34.0 °C is off-body, not hypothermia
 */
public record Thresholds(
        double feverCelsius,
        int feverConfirmMinutes,
        double highFeverCelsius,
        int sustainedFeverMinutes,
        int feverMaxGapMinutes,
        double feverResolvedCelsius,
        int feverResolvedMinutes,
        double heartRateHigh,
        int tachycardiaMinutes,
        int tachycardiaMinReadings,
        int heartRateMaxGapMinutes,
        double heartRateCritical,
        int criticalHeartRateMinutes,
        double heartRateResolvedMargin,
        int heartRateResolvedMinutes,
        double sepsisHeartRate,
        int sepsisWindowMinutes,
        int noDataMinutes,
        double offBodySkinCelsius) {

    public static final Thresholds DEFAULTS = new Thresholds(
            38.0, 30, 38.3, 60, 20, 37.8, 60,
            100, 10, 3, 5, 131, 5, 5, 10,
            90, 60, 30, 34.0);

    /** The longest look-back of any rule, in minutes: how much history the detector must keep. */
    public int horizonMinutes() {
        return Math.max(Math.max(sustainedFeverMinutes, feverResolvedMinutes),
                Math.max(sepsisWindowMinutes, Math.max(feverConfirmMinutes, heartRateResolvedMinutes)));
    }

    /** What is wrong with these values, as "field: reason"; empty when they may be used. */
    public List<String> violations() {
        List<String> errors = new ArrayList<>();
        range(errors, "feverCelsius", feverCelsius, 37.5, 39.5);
        range(errors, "highFeverCelsius", highFeverCelsius, feverCelsius, 41.0);
        range(errors, "feverResolvedCelsius", feverResolvedCelsius, 36.5, feverCelsius);
        range(errors, "feverConfirmMinutes", feverConfirmMinutes, 5, 120);
        range(errors, "sustainedFeverMinutes", sustainedFeverMinutes, 15, 240);
        range(errors, "feverMaxGapMinutes", feverMaxGapMinutes, 5, 60);
        range(errors, "feverResolvedMinutes", feverResolvedMinutes, 15, 240);
        range(errors, "heartRateHigh", heartRateHigh, 90, 150);
        // Independent of heartRateHigh (settable 90–150 on its own): a critical line at or below the
        // racing-heart line simply makes the alert HIGH from the start.
        range(errors, "heartRateCritical", heartRateCritical, 100, 220);
        range(errors, "tachycardiaMinutes", tachycardiaMinutes, 2, 60);
        range(errors, "tachycardiaMinReadings", tachycardiaMinReadings, 2, 60);
        range(errors, "heartRateMaxGapMinutes", heartRateMaxGapMinutes, 1, 30);
        range(errors, "criticalHeartRateMinutes", criticalHeartRateMinutes, 1, 60);
        range(errors, "heartRateResolvedMargin", heartRateResolvedMargin, 0, 30);
        range(errors, "heartRateResolvedMinutes", heartRateResolvedMinutes, 2, 60);
        range(errors, "sepsisHeartRate", sepsisHeartRate, 80, 130);
        range(errors, "sepsisWindowMinutes", sepsisWindowMinutes, 10, 240);
        range(errors, "noDataMinutes", noDataMinutes, 5, 24 * 60);
        range(errors, "offBodySkinCelsius", offBodySkinCelsius, 25.0, 36.0);
        return errors;
    }

    private static void range(List<String> errors, String field, double value, double min, double max) {
        if (Double.isNaN(value) || value < min || value > max) {
            errors.add(field + ": must be between " + format(min) + " and " + format(max));
        }
    }

    private static String format(double value) {
        return value == Math.rint(value) ? Long.toString((long) value) : Double.toString(value);
    }
}
