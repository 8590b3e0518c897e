package org.portwatch.bench;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serializer;
import org.HdrHistogram.Histogram;
import org.portwatch.bench.Population.Patient;
import org.portwatch.detection.PatientStateSerde;
import org.portwatch.detection.rules.PatientDetector;
import org.portwatch.detection.rules.PatientState;
import org.portwatch.model.Thresholds;
import org.portwatch.model.VitalReading;

/**
 * The state a patient reaches once the detector holds a full horizon of history (3 h: the 2-hour lateness
 * limit plus the 60-minute longest rule), which a replay of 20 readings per patient never reaches. Computed
 * offline with the detector's own code: {@link PatientDetector#onReading} and the store's
 * {@link PatientStateSerde}, reading by reading as the processor does (state read from its bytes, rules run,
 * state written back), for 200 minutes of the real cadence (heart rate every minute, temperature every five).
 * Also times those three steps per reading at steady state: the detector's own CPU per reading, without
 * Kafka, RocksDB or JSON.
 */
final class SteadyState {

    static final int MINUTES = 200;
    /** Readings from this minute on are timed: the history is full (3 h) from minute 180. */
    static final int STEADY_FROM_MINUTE = 185;

    enum Kind {
        NORMAL(false, false), FEBRILE(true, false), TACHYCARDIC(false, true), FEBRILE_AND_TACHYCARDIC(true, true);

        final boolean febrile;
        final boolean tachycardic;

        Kind(boolean febrile, boolean tachycardic) {
            this.febrile = febrile;
            this.tachycardic = tachycardic;
        }

        double share(double febrileShare, double tachycardicShare) {
            return (febrile ? febrileShare : 1 - febrileShare) * (tachycardic ? tachycardicShare : 1 - tachycardicShare);
        }
    }

    private SteadyState() {
    }

    static Map<String, Object> run(long seed, int patients, double febrileShare, double tachycardicShare) {
        Serializer<PatientState> serializer = new PatientStateSerde().serializer();
        Deserializer<PatientState> deserializer = new PatientStateSerde().deserializer();
        Instant start = Instant.ofEpochMilli(System.currentTimeMillis()).minusSeconds(MINUTES * 60L + 60);
        int perKind = Math.max(1, patients / Kind.values().length);
        // Warm-up, untimed: the JIT compiles the rules before anything is measured.
        Timing ignored = new Timing();
        for (int i = 0; i < Math.min(50, perKind); i++) {
            simulate(seed, patient(seed, Kind.NORMAL, 900_000 + i), start, serializer, deserializer, ignored);
        }
        Map<String, Object> kinds = new LinkedHashMap<>();
        Timing all = new Timing();
        double weightedBytes = 0;
        for (Kind kind : Kind.values()) {
            Histogram sizes = new Histogram(3);
            Timing timing = new Timing();
            for (int i = 0; i < perKind; i++) {
                sizes.recordValue(simulate(seed, patient(seed, kind, kind.ordinal() * 100_000 + i), start, serializer,
                        deserializer, timing));
            }
            all.add(timing);
            Map<String, Object> k = new LinkedHashMap<>();
            k.put("patients", perKind);
            k.put("populationShare", Meters.round(kind.share(febrileShare, tachycardicShare) * 100) + " %");
            k.put("valueBytesMean", Meters.round(sizes.getMean()));
            k.put("valueBytesMax", sizes.getMaxValue());
            k.putAll(timing.asMap());
            kinds.put(kind.name().toLowerCase(java.util.Locale.ROOT), k);
            weightedBytes += kind.share(febrileShare, tachycardicShare) * sizes.getMean();
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("historyMinutes", MINUTES);
        m.put("keptMinutes", PatientDetector.retentionMs(Thresholds.DEFAULTS) / 60_000);
        m.put("byKind", kinds);
        m.put("populationValueBytesMean", Meters.round(weightedBytes));
        m.put("patientIdKeyBytes", 36);
        m.put("populationKeyPlusValueBytesMean", Meters.round(weightedBytes + 36));
        m.put("allKinds", all.asMap());
        return m;
    }

    static Patient patient(long seed, Kind kind, int index) {
        return new Patient(index, Population.uuid(seed, "steady", index), String.format("patch-s%07d", index),
                kind.febrile, kind.tachycardic, false,
                36.5 + 0.6 * Population.unit(seed, index, 4),
                38.3 + 0.8 * Population.unit(seed, index, 5),
                60 + 24 * Population.unit(seed, index, 6),
                108 + 32 * Population.unit(seed, index, 7),
                (int) (60 * Population.unit(seed, index, 8)),
                (int) (5 * Population.unit(seed, index, 9)),
                20);
    }

    /** One patient's 200 minutes; returns the bytes of the final state. */
    static int simulate(long seed, Patient p, Instant start, Serializer<PatientState> serializer,
            Deserializer<PatientState> deserializer, Timing timing) {
        byte[] stored = null;
        for (int minute = 0; minute < MINUTES; minute++) {
            Instant hrAt = start.plusSeconds(minute * 60L + p.phaseSeconds());
            List<VitalReading> due = minute % 5 == p.temperatureSlot()
                    ? List.of(Vitals.heartRate(seed, p, minute, false, hrAt, hrAt.plusSeconds(2)),
                            Vitals.temperature(seed, p, minute, false, hrAt.plusSeconds(30), hrAt.plusSeconds(32)))
                    : List.of(Vitals.heartRate(seed, p, minute, false, hrAt, hrAt.plusSeconds(2)));
            for (VitalReading r : due) {
                long t0 = System.nanoTime();
                PatientState state = stored == null ? new PatientState() : deserializer.deserialize("s", stored);
                long t1 = System.nanoTime();
                PatientDetector.onReading(state, r, Thresholds.DEFAULTS, r.receivedAt());
                long t2 = System.nanoTime();
                stored = state.isEmpty() ? null : serializer.serialize("s", state);
                long t3 = System.nanoTime();
                if (minute >= STEADY_FROM_MINUTE) {
                    timing.readings++;
                    timing.readNanos += t1 - t0;
                    timing.rulesNanos += t2 - t1;
                    timing.writeNanos += t3 - t2;
                    timing.samples += state.samples().size();
                }
            }
        }
        return stored == null ? 0 : stored.length;
    }

    /** Time per reading at steady state, split in state read, rules, state write. */
    static final class Timing {
        long readings;
        long readNanos;
        long rulesNanos;
        long writeNanos;
        long samples;

        void add(Timing o) {
            readings += o.readings;
            readNanos += o.readNanos;
            rulesNanos += o.rulesNanos;
            writeNanos += o.writeNanos;
            samples += o.samples;
        }

        Map<String, Object> asMap() {
            Map<String, Object> m = new LinkedHashMap<>();
            double n = Math.max(1, readings);
            m.put("timedReadings", readings);
            m.put("samplesHeldMean", Meters.round(samples / n));
            m.put("stateReadMicros", Meters.round(readNanos / n / 1000));
            m.put("rulesMicros", Meters.round(rulesNanos / n / 1000));
            m.put("stateWriteMicros", Meters.round(writeNanos / n / 1000));
            double total = (readNanos + rulesNanos + writeNanos) / n;
            m.put("totalMicros", Meters.round(total / 1000));
            m.put("readingsPerCoreSecondBound", Math.round(1e9 / total));
            return m;
        }
    }
}
