package org.portwatch.local.simulator;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import org.portwatch.model.VitalType;

/**
 * When one device measures: heart rate every {@link #HEART_RATE_EVERY}, temperature every
 * {@link #TEMPERATURE_EVERY}, each on its own phase so devices do not all measure at the same
 * second; and when the device (its phone gateway) first connects after the simulator starts.
 *
 * @param anchor           the simulator's start
 * @param heartRatePhase   offset of the heart-rate grid from the anchor, under one interval
 * @param temperaturePhase offset of the temperature grid from the anchor, under one interval
 * @param connectDelay     how long after the anchor the device first connects and syncs
 */
public record DeviceSchedule(Instant anchor, Duration heartRatePhase, Duration temperaturePhase, Duration connectDelay) {

    public static final Duration HEART_RATE_EVERY = Duration.ofMinutes(1);
    public static final Duration TEMPERATURE_EVERY = Duration.ofMinutes(5);
    /** A watch's rhythm check (as irregular-rhythm features check at rest, every so often); on the heart-rate phase. */
    public static final Duration RHYTHM_EVERY = Duration.ofMinutes(15);

    /** A measurement due at a time. */
    public record Due(VitalType type, Instant at) {
    }

    /** A jittered schedule; devices connect within {@code maxConnectDelay} of the start. */
    public static DeviceSchedule jittered(Instant anchor, Duration maxConnectDelay, Random random) {
        return new DeviceSchedule(anchor,
                Duration.ofSeconds(random.nextInt((int) HEART_RATE_EVERY.toSeconds())),
                Duration.ofSeconds(random.nextInt((int) TEMPERATURE_EVERY.toSeconds())),
                Episode.between(Duration.ZERO, maxConnectDelay, random));
    }

    /** When the device first connects. */
    public Instant connectAt() {
        return anchor.plus(connectDelay);
    }

    public Duration interval(VitalType type) {
        return switch (type) {
            case HEART_RATE -> HEART_RATE_EVERY;
            case BODY_TEMPERATURE -> TEMPERATURE_EVERY;
            case HEART_RHYTHM -> RHYTHM_EVERY;
        };
    }

    private Duration phase(VitalType type) {
        return type == VitalType.BODY_TEMPERATURE ? temperaturePhase : heartRatePhase;
    }

    /** The patch's measurements due after {@code fromExclusive} up to {@code toInclusive}, oldest first. */
    public List<Due> dueBetween(Instant fromExclusive, Instant toInclusive) {
        return dueBetween(fromExclusive, toInclusive, List.of(VitalType.BODY_TEMPERATURE, VitalType.HEART_RATE));
    }

    /** The measurements of {@code types} due after {@code fromExclusive} up to {@code toInclusive}, oldest first. */
    public List<Due> dueBetween(Instant fromExclusive, Instant toInclusive, List<VitalType> types) {
        List<Due> due = new ArrayList<>();
        if (!toInclusive.isAfter(fromExclusive)) {
            return due;
        }
        for (VitalType type : types) {
            long every = interval(type).toMillis();
            Instant base = anchor.plus(phase(type));
            long k = Math.floorDiv(fromExclusive.toEpochMilli() - base.toEpochMilli(), every) + 1;
            for (Instant at = base.plusMillis(k * every); !at.isAfter(toInclusive); at = at.plusMillis(every)) {
                due.add(new Due(type, at));
            }
        }
        due.sort(Comparator.comparing(Due::at).thenComparing(Due::type));
        return due;
    }
}
