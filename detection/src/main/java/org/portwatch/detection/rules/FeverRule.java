package org.portwatch.detection.rules;

import static java.util.concurrent.TimeUnit.MINUTES;

import java.util.List;
import org.portwatch.model.AlertCondition;
import org.portwatch.model.Thresholds;

/**
 * FEVER (docs/clinical-rules.md rules 1 and 2, with the decisions of revision 2).
 * <ul>
 * <li>MEDIUM — the leaflet's "38.0 °C or higher, call right away": a reading ≥ 38.0 °C confirmed by a distinct
 * second reading ≥ 38.0 °C at least 2 minutes and at most 30 minutes later, with none below 38.0 °C between;
 * one reading suffices from a clinical thermometer (oral, tympanic, temporal, rectal). A single wearable
 * spike, or a few seconds of one on a 1 Hz patch, is not a fever.</li>
 * <li>HIGH — IDSA 2010 / ASCO-IDSA 2018 febrile neutropenia: the high value itself confirmed (two readings
 * ≥ 38.3 °C as above, or one clinical thermometer reading ≥ 38.3 °C), or ≥ 38.0 °C throughout 60 minutes
 * with no gap over 20 minutes. A 38.6 °C confirmed only by 38.1 °C readings stays MEDIUM.</li>
 * <li>Resolved — at least 3 readings below 37.8 °C spanning at least 60 minutes, none at or above 37.8 °C
 * between and no gap over 30 minutes (hysteresis under the fever line; a patient who measures orally every
 * 30 minutes can resolve).</li>
 * </ul>
 * Values are compared as measured, never rounded (revision 2: 37.996 °C is below 38.0 °C).
 */
public final class FeverRule {

    /** Revision 2: a confirming reading is a distinct measurement, at least 2 minutes after the first. */
    static final long CONFIRM_SEPARATION_MS = MINUTES.toMillis(2);
    /** Revision 2: resolution of a sparse series tolerates gaps of up to 30 minutes ... */
    static final long RESOLUTION_MAX_GAP_MS = MINUTES.toMillis(30);
    /** ... with at least 3 readings below the line. */
    static final int RESOLUTION_MIN_READINGS = 3;

    private FeverRule() {
    }

    /** Temperatures that say something about the patient: on the body, and not a cold patch lying loose. */
    public static boolean counts(Sample sample, Thresholds t) {
        return !sample.heartRate() && !sample.offBody()
                && (sample.clinicalSite() || sample.allAtLeast(t.offBodySkinCelsius()));
    }

    public static List<Episode> episodes(List<Sample> temperatures, Thresholds t, Tracked seed) {
        long confirm = MINUTES.toMillis(t.feverConfirmMinutes());
        long gap = MINUTES.toMillis(t.feverMaxGapMinutes());
        RunSpec onset = RunSpec.confirmation(s -> s.allAtLeast(t.feverCelsius()), CONFIRM_SEPARATION_MS, confirm)
                .orSingle(s -> s.clinicalSite() && s.allAtLeast(t.feverCelsius()));
        RunSpec highConfirmed = RunSpec.confirmation(s -> s.allAtLeast(t.highFeverCelsius()), CONFIRM_SEPARATION_MS,
                confirm).orSingle(s -> s.clinicalSite() && s.allAtLeast(t.highFeverCelsius()));
        RunSpec sustained = RunSpec.of(s -> s.allAtLeast(t.feverCelsius()), gap,
                MINUTES.toMillis(t.sustainedFeverMinutes()), 2);
        RunSpec resolved = RunSpec.of(s -> s.allBelow(t.feverResolvedCelsius()),
                Math.max(gap, RESOLUTION_MAX_GAP_MS), MINUTES.toMillis(t.feverResolvedMinutes()),
                RESOLUTION_MIN_READINGS);
        String onsetRule = "Temperature ≥ " + t.feverCelsius() + " °C confirmed by a second reading 2–"
                + t.feverConfirmMinutes() + " min later (or one clinical thermometer reading)";
        String highRule = "Temperature ≥ " + t.highFeverCelsius() + " °C confirmed, or ≥ " + t.feverCelsius()
                + " °C throughout " + t.sustainedFeverMinutes() + " min (IDSA)";
        // Two escalation rules: whichever completes first.
        List<Episode> byConfirmedHigh = new EpisodeScanner(AlertCondition.FEVER, onset, onsetRule, highConfirmed,
                highRule, resolved).scan(temperatures, seed);
        List<Episode> bySustained = new EpisodeScanner(AlertCondition.FEVER, onset, onsetRule, sustained, highRule,
                resolved).scan(temperatures, seed);
        return Episodes.earliestEscalation(byConfirmedHigh, bySustained);
    }
}
