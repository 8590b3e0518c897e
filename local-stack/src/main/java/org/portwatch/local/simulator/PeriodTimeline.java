package org.portwatch.local.simulator;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Optional;
import java.util.Random;
import java.util.function.Function;

/**
 * Occasional periods in a patient's life (exercise, a patch taken off), laid out forward in time
 * from an origin: a gap, a period, a gap, ... drawn from its own {@link Random}, so the timeline
 * is the same whatever order the simulator asks about it in. Asking about times well before the
 * latest one asked is not supported: old periods are forgotten.
 *
 * @param <T> what a period carries (its kind, its level)
 */
final class PeriodTimeline<T> {

    /** One period: {@code [start, end)} and what it carries. */
    record Period<T>(Instant start, Instant end, T label) {
        boolean contains(Instant t) {
            return !t.isBefore(start) && t.isBefore(end);
        }
    }

    private static final Duration FORGET_AFTER = Duration.ofHours(2);

    private final Random random;
    private final Duration minGap;
    private final Duration maxGap;
    private final Duration minLength;
    private final Duration maxLength;
    private final Function<Random, T> labeller;
    private final Deque<Period<T>> periods = new ArrayDeque<>();
    /** The end of the last period laid out. */
    private Instant laidUntil;

    PeriodTimeline(Instant origin, Random random, Duration minGap, Duration maxGap,
                   Duration minLength, Duration maxLength, Function<Random, T> labeller) {
        this.random = random;
        this.minGap = minGap;
        this.maxGap = maxGap;
        this.minLength = minLength;
        this.maxLength = maxLength;
        this.labeller = labeller;
        // The first gap may be anything up to the longest, so a period can already be under way.
        this.laidUntil = origin.minus(maxGap).plus(Episode.between(Duration.ZERO, maxGap, random));
    }

    /** The period covering {@code t}, if any. */
    synchronized Optional<Period<T>> at(Instant t) {
        while (!laidUntil.isAfter(t)) {
            Instant start = laidUntil.plus(Episode.between(minGap, maxGap, random));
            Instant end = start.plus(Episode.between(minLength, maxLength, random));
            periods.addLast(new Period<>(start, end, labeller.apply(random)));
            laidUntil = end;
        }
        Instant forget = t.minus(FORGET_AFTER);
        while (!periods.isEmpty() && periods.peekFirst().end().isBefore(forget)) {
            periods.removeFirst();
        }
        for (Period<T> p : periods) {
            if (p.contains(t)) {
                return Optional.of(p);
            }
        }
        return Optional.empty();
    }
}
