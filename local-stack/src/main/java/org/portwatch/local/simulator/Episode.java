package org.portwatch.local.simulator;

import java.time.Duration;
import java.time.Instant;
import java.util.Random;

/**
 * The time course of one patient's episode. It began shortly before the simulator started (so
 * the history a device syncs at start already shows it), holds for a few hours, and then
 * recovers.
 *
 * <p>Fever: within {@link #FEVER_RAMP} the skin temperature rises from the patient's baseline
 * to {@code feverStart} (38.15–38.3 °C), then climbs to {@code feverPeak} (38.3–39.2 °C) by
 * {@link #FEVER_CLIMB} after onset and stays there. Racing heart: within {@link #HEART_RAMP}
 * the resting heart rate rises to {@code restingHeartRate} (114–131 /min, readings ±4).
 *
 * @param kind             what the episode is
 * @param onset            when it began
 * @param plateauEnd       when recovery begins
 * @param feverStart       the temperature first reached, °C
 * @param feverPeak        the highest temperature, °C
 * @param restingHeartRate the heart rate at rest during the episode, /min
 */
public record Episode(EpisodeKind kind, Instant onset, Instant plateauEnd,
                      double feverStart, double feverPeak, double restingHeartRate) {

    public static final Duration FEVER_RAMP = Duration.ofMinutes(4);
    public static final Duration FEVER_CLIMB = Duration.ofMinutes(45);
    public static final Duration HEART_RAMP = Duration.ofMinutes(2);
    public static final Duration RECOVERY = Duration.ofMinutes(20);
    /** How long before the simulator's start an episode began: about 15 minutes. */
    public static final Duration MIN_LEAD = Duration.ofMinutes(15);
    public static final Duration MAX_LEAD = Duration.ofMinutes(17);
    public static final Duration MIN_PLATEAU = Duration.ofHours(2);
    public static final Duration MAX_PLATEAU = Duration.ofHours(4);

    public static final double FEVER_START_MIN = 38.15;
    public static final double FEVER_START_MAX = 38.30;
    public static final double FEVER_PEAK_MIN = 38.30;
    public static final double FEVER_PEAK_MAX = 39.20;
    public static final double HEART_MIN = 114;
    public static final double HEART_MAX = 131;

    /** Draws the course of an episode of {@code kind} for a simulator started at {@code simStart}. */
    public static Episode plan(EpisodeKind kind, Instant simStart, Random random) {
        Instant onset = simStart.minus(between(MIN_LEAD, MAX_LEAD, random));
        Instant plateauEnd = onset.plus(between(MIN_PLATEAU, MAX_PLATEAU, random));
        double start = FEVER_START_MIN + random.nextDouble() * (FEVER_START_MAX - FEVER_START_MIN);
        double peak = Math.max(start, FEVER_PEAK_MIN) + random.nextDouble() * (FEVER_PEAK_MAX - Math.max(start, FEVER_PEAK_MIN));
        double heart = HEART_MIN + random.nextDouble() * (HEART_MAX - HEART_MIN);
        return new Episode(kind, onset, plateauEnd, start, peak, heart);
    }

    /** When the patient is back to normal. */
    public Instant recoveryEnd() {
        return plateauEnd.plus(RECOVERY);
    }

    /** Whether the episode shapes the patient's readings at {@code t} (onset to end of recovery). */
    public boolean covers(Instant t) {
        return kind != EpisodeKind.NONE && !t.isBefore(onset) && t.isBefore(recoveryEnd());
    }

    /**
     * The episode's skin temperature at {@code t}, before measurement noise, given the patient's
     * baseline; NaN where the episode has no fever or does not cover {@code t}.
     */
    public double temperature(Instant t, double baseline) {
        if (!kind.fever() || !covers(t)) {
            return Double.NaN;
        }
        Instant rampEnd = onset.plus(FEVER_RAMP);
        Instant climbEnd = onset.plus(FEVER_CLIMB);
        if (t.isBefore(rampEnd)) {
            return lerp(baseline, feverStart, fraction(onset, rampEnd, t));
        }
        if (!t.isBefore(plateauEnd)) {
            double from = lerp(feverStart, feverPeak, fraction(rampEnd, climbEnd, plateauEnd));
            return lerp(from, baseline, fraction(plateauEnd, recoveryEnd(), t));
        }
        return lerp(feverStart, feverPeak, fraction(rampEnd, climbEnd, t));
    }

    /**
     * How far the heart rate is lifted towards {@link #restingHeartRate} at {@code t}, 0..1; 0
     * where the episode has no racing heart or does not cover {@code t}.
     */
    public double heartIntensity(Instant t) {
        if (!kind.racingHeart() || !covers(t)) {
            return 0;
        }
        if (t.isBefore(onset.plus(HEART_RAMP))) {
            return fraction(onset, onset.plus(HEART_RAMP), t);
        }
        if (!t.isBefore(plateauEnd)) {
            return 1 - fraction(plateauEnd, recoveryEnd(), t);
        }
        return 1;
    }

    static Duration between(Duration min, Duration max, Random random) {
        long span = max.toMillis() - min.toMillis();
        return min.plusMillis(span <= 0 ? 0 : (long) (random.nextDouble() * span));
    }

    static double lerp(double from, double to, double fraction) {
        return from + (to - from) * fraction;
    }

    /** Where {@code t} lies between {@code from} and {@code to}, clamped to 0..1. */
    static double fraction(Instant from, Instant to, Instant t) {
        long span = Duration.between(from, to).toMillis();
        if (span <= 0) {
            return 1;
        }
        double f = (double) Duration.between(from, t).toMillis() / span;
        return Math.max(0, Math.min(1, f));
    }
}
