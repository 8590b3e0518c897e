package org.portwatch.detection.rules;

import java.util.function.Predicate;

/**
 * "Readings meeting a condition throughout a span": consecutive readings (by measurement time) that all
 * qualify, no gap between neighbours longer than {@code maxGapMs}, the first and last at least
 * {@code minSpanMs} apart, at least {@code minCount} of them. A reading that does not qualify breaks the run.
 *
 * @param single a reading that completes a run on its own (a clinical thermometer reading, rule 1)
 */
record RunSpec(Predicate<Sample> qualifies, long maxGapMs, long minSpanMs, int minCount, Predicate<Sample> single) {

    static RunSpec of(Predicate<Sample> qualifies, long maxGapMs, long minSpanMs, int minCount) {
        return new RunSpec(qualifies, maxGapMs, minSpanMs, minCount, s -> false);
    }

    RunSpec orSingle(Predicate<Sample> single) {
        return new RunSpec(qualifies, maxGapMs, minSpanMs, minCount, single);
    }
}
