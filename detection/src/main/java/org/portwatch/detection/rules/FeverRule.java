package org.portwatch.detection.rules;

import static java.util.concurrent.TimeUnit.MINUTES;

import java.util.List;
import org.portwatch.model.AlertCondition;
import org.portwatch.model.Thresholds;

/**
 * FEVER (CLINICAL.md rules 1 and 2).
 * <ul>
 * <li>MEDIUM — the leaflet's "38.0 °C or higher, call right away": a reading ≥ 38.0 °C confirmed by a second
 * within 30 minutes with none below 38.0 °C between; one reading suffices from a clinical thermometer
 * (oral, tympanic, temporal, rectal). A single wearable spike is not a fever.</li>
 * <li>HIGH — IDSA 2010 / ASCO-IDSA 2018 febrile neutropenia: ≥ 38.3 °C confirmed the same way, or
 * ≥ 38.0 °C throughout 60 minutes with no gap over 20 minutes.</li>
 * <li>Resolved — below 37.8 °C throughout 60 minutes (hysteresis, so a fever hovering at the line does
 * not flap); the gap limit of the sustained rule applies.</li>
 * </ul>
 */
public final class FeverRule {

    private FeverRule() {
    }

    /** Temperatures that say something about the patient: on the body, and not a cold patch lying loose. */
    public static boolean counts(Sample sample, Thresholds t) {
        return !sample.heartRate() && !sample.offBody()
                && (sample.clinicalSite() || sample.value() >= t.offBodySkinCelsius());
    }

    public static List<Episode> episodes(List<Sample> temperatures, Thresholds t) {
        long confirm = MINUTES.toMillis(t.feverConfirmMinutes());
        long gap = MINUTES.toMillis(t.feverMaxGapMinutes());
        RunSpec onset = RunSpec.of(s -> s.value() >= t.feverCelsius(), confirm, 0, 2)
                .orSingle(s -> s.clinicalSite() && s.value() >= t.feverCelsius());
        RunSpec highConfirmed = RunSpec.of(s -> s.value() >= t.highFeverCelsius(), confirm, 0, 2)
                .orSingle(s -> s.clinicalSite() && s.value() >= t.highFeverCelsius());
        RunSpec sustained = RunSpec.of(s -> s.value() >= t.feverCelsius(), gap,
                MINUTES.toMillis(t.sustainedFeverMinutes()), 2);
        RunSpec resolved = RunSpec.of(s -> s.value() < t.feverResolvedCelsius(), gap,
                MINUTES.toMillis(t.feverResolvedMinutes()), 2);
        String onsetRule = "Temperature ≥ " + t.feverCelsius() + " °C confirmed within " + t.feverConfirmMinutes()
                + " min (or one clinical thermometer reading)";
        String highRule = "Temperature ≥ " + t.highFeverCelsius() + " °C confirmed, or ≥ " + t.feverCelsius()
                + " °C throughout " + t.sustainedFeverMinutes() + " min (IDSA)";
        // Two escalation rules: whichever completes first.
        List<Episode> byConfirmedHigh = new EpisodeScanner(AlertCondition.FEVER, onset, onsetRule, highConfirmed,
                highRule, resolved).scan(temperatures);
        List<Episode> bySustained = new EpisodeScanner(AlertCondition.FEVER, onset, onsetRule, sustained, highRule,
                resolved).scan(temperatures);
        return Episodes.earliestEscalation(byConfirmedHigh, bySustained);
    }
}
