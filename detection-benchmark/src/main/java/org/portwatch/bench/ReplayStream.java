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

    public ReplayStream(Population population, int perPatient, Instant start) {
        this.population = population;
        this.perPatient = perPatient;
        this.startMs = start.toEpochMilli();
        this.emitted = new int[population.size()];
        this.remaining = (long) population.size() * perPatient;
        this.maxMinute = spanMinutes(perPatient) + 5L;
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
        long seed = population.seed();
        Instant measuredAt = Instant.ofEpochMilli(startMs + minute * 60_000L + second * 1000L + p.index() % 1000);
        long delayMs = 1000 + (Population.mix(seed, p.index() * 100_003L + minute, temperature ? 11 : 12) >>> 1) % 3000;
        Instant receivedAt = measuredAt.plus(Duration.ofMillis(delayMs));
        return temperature ? Vitals.temperature(seed, p, minute, false, measuredAt, receivedAt)
                : Vitals.heartRate(seed, p, minute, false, measuredAt, receivedAt);
    }
}
