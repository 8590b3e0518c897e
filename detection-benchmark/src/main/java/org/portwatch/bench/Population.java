package org.portwatch.bench;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.UUID;
import org.portwatch.model.PatientProfile;
import org.portwatch.model.PortSite;
import org.portwatch.model.Thresholds;

/**
 * The simulated patients: who they are and how their vitals behave, all derived from the seed and the
 * patient's index, so the same seed gives the same population and the same readings on every run.
 *
 * <p>Each patient wears a patch that measures the heart rate every minute (at a second of the minute of
 * its own, {@link Patient#phaseSeconds}) and the skin temperature every five minutes (30 s later, in the
 * minute {@link Patient#temperatureSlot} of each five). A few % of patients develop a fever, a racing heart,
 * or both (the picture of the sepsis rule) during the replay; another few % are normal during the replay and
 * start a fever in the live phase, so that the live phase has alerts whose latency can be measured.
 */
public final class Population {

    /** One simulated patient. */
    public record Patient(
            int index,
            String patientId,
            String deviceId,
            boolean febrile,
            boolean tachycardic,
            boolean liveFever,
            double baselineCelsius,
            double feverPeakCelsius,
            double baselineHeartRate,
            double racingHeartRate,
            int phaseSeconds,
            int temperatureSlot,
            int onsetMinute) {
    }

    private final long seed;
    private final Patient[] patients;
    /** Patient indexes ordered by the second of the minute they measure at: the order of a live stream. */
    private final int[] streamOrder;

    private Population(long seed, Patient[] patients) {
        this.seed = seed;
        this.patients = patients;
        this.streamOrder = Arrays.stream(patients)
                .sorted((a, b) -> a.phaseSeconds() != b.phaseSeconds()
                        ? Integer.compare(a.phaseSeconds(), b.phaseSeconds()) : Integer.compare(a.index(), b.index()))
                .mapToInt(Patient::index).toArray();
    }

    /**
     * @param spanMinutes the replay's length; abnormal patients start their episode in its first half, so that
     *                    the replay holds both the onset and enough readings to confirm it
     */
    public static Population create(long seed, int count, double febrileShare, double tachycardicShare,
            double liveFeverShare, int spanMinutes) {
        Patient[] patients = new Patient[count];
        int onsetRange = Math.max(1, spanMinutes / 2);
        for (int i = 0; i < count; i++) {
            boolean febrile = unit(seed, i, 1) < febrileShare;
            boolean tachycardic = unit(seed, i, 2) < tachycardicShare;
            boolean liveFever = !febrile && !tachycardic && unit(seed, i, 3) < liveFeverShare;
            patients[i] = new Patient(i, uuid(seed, "patient", i), String.format("patch-%07d", i), febrile,
                    tachycardic, liveFever,
                    36.5 + 0.6 * unit(seed, i, 4),
                    38.3 + 0.8 * unit(seed, i, 5),
                    60 + 24 * unit(seed, i, 6),
                    108 + 32 * unit(seed, i, 7),
                    (int) (60 * unit(seed, i, 8)),
                    (int) (5 * unit(seed, i, 9)),
                    (int) (onsetRange * unit(seed, i, 10)));
        }
        return new Population(seed, patients);
    }

    public long seed() {
        return seed;
    }

    public int size() {
        return patients.length;
    }

    public Patient patient(int index) {
        return patients[index];
    }

    /** The n-th patient of the stream order (by measuring second, then index). */
    public Patient inStreamOrder(int n) {
        return patients[streamOrder[n]];
    }

    public long count(java.util.function.Predicate<Patient> which) {
        return Arrays.stream(patients).filter(which).count();
    }

    /** A monitored patient with the default thresholds, as the profile service would publish. */
    public PatientProfile profile(Patient p, Instant updatedAt) {
        return new PatientProfile(p.patientId(), "team-" + (p.index() % 50),
                PortSite.values()[p.index() % PortSite.values().length], true, Thresholds.DEFAULTS, updatedAt);
    }

    /** A uniform number in [0, 1) for a patient and a purpose: stateless, so any order of calls gives the same. */
    static double unit(long seed, long index, long purpose) {
        return (mix(seed, index, purpose) >>> 11) * 0x1.0p-53;
    }

    /** A uniform number in [-1, 1) for a patient, a minute and a purpose. */
    static double noise(long seed, long index, long minute, long purpose) {
        return unit(seed, index * 1_000_003L + minute, 100 + purpose) * 2 - 1;
    }

    /** An approximately normal number (Irwin–Hall of four uniforms, sd 1). */
    static double gaussian(long seed, long index, long minute, long purpose) {
        double sum = 0;
        for (int k = 0; k < 4; k++) {
            sum += unit(seed, index * 1_000_003L + minute, 200 + purpose * 8 + k);
        }
        return (sum - 2) * Math.sqrt(3);
    }

    static long mix(long seed, long index, long purpose) {
        long z = seed * 0x9E3779B97F4A7C15L + index * 0xBF58476D1CE4E5B9L + purpose * 0x94D049BB133111EBL;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    static String uuid(long seed, String kind, long index) {
        return UUID.nameUUIDFromBytes((seed + "|" + kind + "|" + index).getBytes(StandardCharsets.UTF_8)).toString();
    }
}
