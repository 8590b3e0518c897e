package org.portwatch.bench;

import java.time.Duration;
import java.time.Instant;
import java.util.Iterator;
import java.util.NoSuchElementException;
import org.portwatch.bench.Population.Patient;
import org.portwatch.model.VitalReading;

/**
 * The replay: every patient's first {@code perPatient} readings, in the order a live stream would carry them
 * (by measurement time: minute by minute, and within a minute by the second each patch measures at), so
 * patients are interleaved and every partition sees a steady mix. Generated on the fly, nothing is held.
 *
 * <p>Times: measuredAt from {@code start} on, which the caller puts in the recent past so that nothing is
 * backfill (older than 24 h) or beyond the detector's 3-hour horizon; receivedAt 1–4 s after measuredAt, as a
 * phone gateway forwarding at once.
 */
public final class ReplayStream implements Iterator<VitalReading> {

    private final Population population;
    private final int perPatient;
    /** When schedule minute 0 begins. */
    private final long startMs;
    private final int[] emitted;
    private final int[][] heartRateBySecond;
    private final int[][] temperatureBySecond;
    private final long maxMinute;
    private long remaining;
    private long minute;
    private int second;
    private boolean temperatures;
    private int position;
    private VitalReading next;

    /** The first {@code perPatient} readings of every patient, schedule minute 0 beginning at {@code start}. */
    public ReplayStream(Population population, int perPatient, Instant start) {
        this(population, perPatient, start, 0, spanMinutes(perPatient) + 5L,
                (long) population.size() * perPatient);
    }

    /**
     * Every reading of the schedule minutes {@code [fromMinute, fromMinute + minutes)}, minute 0 beginning at
     * {@code scheduleStart}: the stream goes on where a history computed up to {@code fromMinute} stopped.
     */
    public static ReplayStream window(Population population, Instant scheduleStart, int fromMinute, int minutes) {
        long count = 0;
        for (int i = 0; i < population.size(); i++) {
            Patient p = population.patient(i);
            for (int m = fromMinute; m < fromMinute + minutes; m++) {
                count += m % 5 == p.temperatureSlot() ? 2 : 1;
            }
        }
        return new ReplayStream(population, Integer.MAX_VALUE, scheduleStart, fromMinute,
                fromMinute + minutes - 1L, count);
    }

    private ReplayStream(Population population, int perPatient, Instant start, long fromMinute, long maxMinute,
            long count) {
        this.population = population;
        this.perPatient = perPatient;
        this.startMs = start.toEpochMilli();
        this.emitted = new int[population.size()];
        this.remaining = count;
        this.minute = fromMinute;
        this.maxMinute = maxMinute;
        int[] hrCount = new int[60];
        int[] tempCount = new int[60];
        for (int n = 0; n < population.size(); n++) {
            Patient p = population.inStreamOrder(n);
            hrCount[p.phaseSeconds()]++;
            tempCount[temperatureSecond(p)]++;
        }
        heartRateBySecond = new int[60][];
        temperatureBySecond = new int[60][];
        for (int s = 0; s < 60; s++) {
            heartRateBySecond[s] = new int[hrCount[s]];
            temperatureBySecond[s] = new int[tempCount[s]];
            hrCount[s] = 0;
            tempCount[s] = 0;
        }
        for (int n = 0; n < population.size(); n++) {
            Patient p = population.inStreamOrder(n);
            heartRateBySecond[p.phaseSeconds()][hrCount[p.phaseSeconds()]++] = p.index();
            temperatureBySecond[temperatureSecond(p)][tempCount[temperatureSecond(p)]++] = p.index();
        }
    }

    /**
     * Minutes of schedule that {@code perPatient} readings take at most: every five minutes hold five heart
     * rates and one temperature, whatever minute of the five the temperature falls in.
     */
    public static int spanMinutes(int perPatient) {
        return 5 * ((perPatient + 5) / 6);
    }

    /** The temperature is measured 30 s after the heart rate, in the patient's slot of every five minutes. */
    static int temperatureSecond(Patient p) {
        return (p.phaseSeconds() + 30) % 60;
    }

    /** Readings still to come. */
    public long remaining() {
        return remaining + (next == null ? 0 : 1);
    }

    @Override
    public boolean hasNext() {
        if (next == null) {
            next = advance();
        }
        return next != null;
    }

    @Override
    public VitalReading next() {
        if (!hasNext()) {
            throw new NoSuchElementException();
        }
        VitalReading r = next;
        next = null;
        return r;
    }

    private VitalReading advance() {
        while (remaining > 0 && minute <= maxMinute) {
            int[] bucket = temperatures ? temperatureBySecond[second] : heartRateBySecond[second];
            if (position < bucket.length) {
                Patient p = population.patient(bucket[position++]);
                if (emitted[p.index()] >= perPatient) {
                    continue;
                }
                if (temperatures && minute % 5 != p.temperatureSlot()) {
                    continue;
                }
                emitted[p.index()]++;
                remaining--;
                return reading(p, temperatures);
            }
            position = 0;
            if (!temperatures) {
                temperatures = true;
            } else {
                temperatures = false;
                if (++second == 60) {
                    second = 0;
                    minute++;
                }
            }
        }
        return null;
    }

    private VitalReading reading(Patient p, boolean temperature) {
        return reading(population.seed(), p, minute, temperature, startMs);
    }

    /**
     * The patient's heart rate or temperature of one schedule minute (minute 0 beginning at
     * {@code scheduleStartMs}), received 1-4 s after it was measured: the same reading whether it is replayed
     * through Kafka or computed into a warm state offline ({@link WarmState}).
     */
    static VitalReading reading(long seed, Patient p, long minute, boolean temperature, long scheduleStartMs) {
        int second = temperature ? temperatureSecond(p) : p.phaseSeconds();
        Instant measuredAt = Instant.ofEpochMilli(scheduleStartMs + minute * 60_000L + second * 1000L
                + p.index() % 1000);
        long delayMs = 1000 + (Population.mix(seed, p.index() * 100_003L + minute, temperature ? 11 : 12) >>> 1) % 3000;
        Instant receivedAt = measuredAt.plus(Duration.ofMillis(delayMs));
        return temperature ? Vitals.temperature(seed, p, minute, false, measuredAt, receivedAt)
                : Vitals.heartRate(seed, p, minute, false, measuredAt, receivedAt);
    }
}
