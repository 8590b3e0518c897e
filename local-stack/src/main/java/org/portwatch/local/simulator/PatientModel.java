package org.portwatch.local.simulator;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.UUID;
import org.portwatch.model.Activity;
import org.portwatch.model.MeasurementSite;
import org.portwatch.model.SensorStatus;
import org.portwatch.model.VitalType;

/**
 * The vital signs of one simulated patient as their chest patch measures them, as a function
 * of time. Pure and deterministic for a given seed: no clock, no I/O.
 *
 * <ul>
 *   <li>Skin temperature around a personal baseline, always within 36.4–37.2 °C while the patch
 *       is on; some patches report in °F.</li>
 *   <li>Heart rate at rest within 60–90 /min; every hour or few an ACTIVE or EXERCISE bout of
 *       5–25 minutes lifts it to 110–150 /min, with the activity reported.</li>
 *   <li>Now and then the patch is off the body for 5–15 minutes: OFF_BODY, skin temperature
 *       29–33.5 °C (room air, not the patient).</li>
 *   <li>An {@link Episode}, if the patient has one, overrides all of that while it lasts: the
 *       patient rests, the patch stays on, and fever and/or a racing heart show.</li>
 * </ul>
 */
public final class PatientModel {

    public static final double NORMAL_TEMP_MIN = 36.4;
    public static final double NORMAL_TEMP_MAX = 37.2;
    public static final double REST_HR_MIN = 60;
    public static final double REST_HR_MAX = 90;
    public static final double ACTIVE_HR_MIN = 110;
    public static final double ACTIVE_HR_MAX = 150;
    public static final double OFF_BODY_TEMP_MIN = 29.0;
    public static final double OFF_BODY_TEMP_MAX = 33.5;
    /** A fever patient's heart stays at or below this, so a fever alone never looks like sepsis. */
    static final double FEVER_ONLY_HR_MAX = 88;

    /** How far before its start the simulator's timelines begin: covers the synced history. */
    static final Duration LOOK_BACK = Duration.ofHours(1);

    private record Bout(Activity activity, double heartRate) {
    }

    private final String deviceId;
    private final String runId;
    private final EpisodeKind kind;
    private final Episode episode;
    private final double baselineTemp;
    private final double baselineHeartRate;
    private final boolean fahrenheit;
    private final String heartRateUnit;
    private final PeriodTimeline<Bout> activity;
    private final PeriodTimeline<Double> offBody;
    private final Random noise;

    /**
     * @param deviceId the device whose readings these are (part of every readingId)
     * @param runId    distinguishes this run's readingIds from any earlier run's
     * @param kind     the patient's episode, {@link EpisodeKind#NONE} for none
     * @param simStart when the simulator started; an episode began about 15 minutes before
     * @param seed     everything random about the patient derives from it
     */
    public PatientModel(String deviceId, String runId, EpisodeKind kind, Instant simStart, long seed) {
        this.deviceId = deviceId;
        this.runId = runId;
        this.kind = kind;
        Random traits = new Random(seed);
        this.baselineTemp = 36.6 + traits.nextDouble() * 0.35;
        this.baselineHeartRate = 64 + traits.nextDouble() * 18;
        this.fahrenheit = traits.nextDouble() < 0.25;
        this.heartRateUnit = traits.nextDouble() < 0.2 ? "bpm" : "/min";
        this.episode = kind == EpisodeKind.NONE ? null : Episode.plan(kind, simStart, traits);
        Instant origin = simStart.minus(LOOK_BACK);
        this.activity = new PeriodTimeline<>(origin, new Random(seed * 31 + 1),
                Duration.ofMinutes(45), Duration.ofMinutes(240), Duration.ofMinutes(5), Duration.ofMinutes(25),
                r -> r.nextDouble() < 0.3
                        ? new Bout(Activity.EXERCISE, 126 + r.nextDouble() * 18)
                        : new Bout(Activity.ACTIVE, 112 + r.nextDouble() * 12));
        this.offBody = new PeriodTimeline<>(origin, new Random(seed * 31 + 2),
                Duration.ofHours(2), Duration.ofHours(8), Duration.ofMinutes(5), Duration.ofMinutes(15),
                r -> 30.0 + r.nextDouble() * 3.0);
        this.noise = new Random(seed * 31 + 3);
    }

    public EpisodeKind episodeKind() {
        return kind;
    }

    public Optional<Episode> episode() {
        return Optional.ofNullable(episode);
    }

    /** Whether this patient's patch reports temperatures in °F. */
    public boolean fahrenheit() {
        return fahrenheit;
    }

    /** The heart rate measured at {@code t}. */
    public synchronized SimReading heartRate(Instant t) {
        double normal = clamp(baselineHeartRate + gaussian(3), REST_HR_MIN, REST_HR_MAX);
        Activity act = Activity.RESTING;
        double value;
        if (episode != null && episode.covers(t)) {
            if (kind.racingHeart()) {
                double target = episode.restingHeartRate() + uniform(4);
                value = Episode.lerp(normal, target, episode.heartIntensity(t));
            } else {
                value = Math.min(normal + 4, FEVER_ONLY_HR_MAX);
            }
        } else {
            Optional<PeriodTimeline.Period<Bout>> bout = activity.at(t);
            if (bout.isPresent()) {
                act = bout.get().label().activity();
                value = clamp(bout.get().label().heartRate() + uniform(5), ACTIVE_HR_MIN, ACTIVE_HR_MAX);
            } else {
                value = normal;
            }
        }
        return new SimReading(readingId(VitalType.HEART_RATE, t), VitalType.HEART_RATE, Math.round(value),
                heartRateUnit, t, MeasurementSite.CHEST, act, SensorStatus.ON_BODY);
    }

    /** The skin temperature measured at {@code t}. */
    public synchronized SimReading temperature(Instant t) {
        double celsius;
        Activity act = Activity.RESTING;
        SensorStatus status = SensorStatus.ON_BODY;
        if (episode != null && episode.covers(t)) {
            double fever = episode.temperature(t, baselineTemp);
            if (Double.isNaN(fever)) {
                celsius = normalTemperature(0);
            } else {
                celsius = Math.min(fever + uniform(0.08), Episode.FEVER_PEAK_MAX);
            }
        } else {
            Optional<PeriodTimeline.Period<Double>> off = offBody.at(t);
            Optional<PeriodTimeline.Period<Bout>> bout = activity.at(t);
            if (off.isPresent()) {
                status = SensorStatus.OFF_BODY;
                act = Activity.UNKNOWN;
                celsius = clamp(off.get().label() + uniform(0.3), OFF_BODY_TEMP_MIN, OFF_BODY_TEMP_MAX);
            } else if (bout.isPresent()) {
                act = bout.get().label().activity();
                celsius = normalTemperature(0.15);
            } else {
                celsius = normalTemperature(0);
            }
        }
        double value;
        String unit;
        if (fahrenheit) {
            value = round(celsius * 9 / 5 + 32, 1);
            unit = "[degF]";
        } else {
            value = round(celsius, 2);
            unit = "Cel";
        }
        return new SimReading(readingId(VitalType.BODY_TEMPERATURE, t), VitalType.BODY_TEMPERATURE, value, unit,
                t, MeasurementSite.SKIN, act, status);
    }

    /** The reading of {@code type} at {@code t}. */
    public SimReading reading(VitalType type, Instant t) {
        return switch (type) {
            case HEART_RATE -> heartRate(t);
            case BODY_TEMPERATURE -> temperature(t);
            case HEART_RHYTHM -> rhythm(t);
        };
    }

    /**
     * The watch's rhythm check at {@code t}: IRREGULAR while a racing-heart episode lasts (the picture of a fast,
     * irregular rhythm), REGULAR otherwise.
     */
    public synchronized SimReading rhythm(Instant t) {
        boolean irregular = kind.racingHeart() && episode != null && episode.covers(t);
        return SimReading.rhythm(readingId(VitalType.HEART_RHYTHM, t), irregular, t);
    }

    /**
     * What this patient reports at a check-in, if anything (a few patients do): chills with a fever, a heart
     * flutter with a racing heart, and {@code sitePatient} red skin at the port with nothing else.
     */
    public List<String> checkInSymptoms(boolean sitePatient) {
        List<String> symptoms = new ArrayList<>();
        if (kind.fever()) {
            symptoms.add("CHILLS");
        }
        if (kind.racingHeart()) {
            symptoms.add("HEART_FLUTTER");
        }
        if (symptoms.isEmpty() && sitePatient) {
            symptoms.add("PORT_SITE_SKIN");
        }
        return symptoms;
    }

    /** The id of this patient's one check-in in this run: a retry keeps it, so it raises nothing twice. */
    public String checkInId() {
        String name = runId + '|' + deviceId + "|CHECK_IN";
        return UUID.nameUUIDFromBytes(name.getBytes(StandardCharsets.UTF_8)).toString();
    }

    private double normalTemperature(double lift) {
        // Stay clear of the edges so that °F rounding cannot step outside 36.4–37.2 °C.
        return clamp(baselineTemp + lift + gaussian(0.12), NORMAL_TEMP_MIN + 0.03, NORMAL_TEMP_MAX - 0.03);
    }

    private String readingId(VitalType type, Instant t) {
        String name = runId + '|' + deviceId + '|' + type.name() + '|' + t.toEpochMilli();
        return UUID.nameUUIDFromBytes(name.getBytes(StandardCharsets.UTF_8)).toString();
    }

    private double gaussian(double sd) {
        return noise.nextGaussian() * sd;
    }

    private double uniform(double halfWidth) {
        return (noise.nextDouble() * 2 - 1) * halfWidth;
    }

    static double clamp(double v, double min, double max) {
        return Math.max(min, Math.min(max, v));
    }

    static double round(double v, int decimals) {
        double f = Math.pow(10, decimals);
        return Math.round(v * f) / f;
    }
}
