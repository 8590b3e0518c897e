package org.portwatch.detection.rules;

import java.util.function.Predicate;

/**
 * "Readings meeting a condition throughout a span": consecutive readings (by measurement time) that all
 * qualify, no gap between neighbours longer than {@code maxGapMs}, the first and last at least
 * {@code minSpanMs} apart, at least {@code minCount} of them. A reading that does not qualify breaks the run.
 * <p>
 * A confirmation ({@code minSeparationMs > 0}, docs/clinical-rules.md revision 2) instead completes when two readings
 * of the run are at least {@code minSeparationMs} and at most {@code maxGapMs} apart: a distinct second
 * measurement, not the next sample of a continuous sensor seconds later.
 *
 * @param single a reading that completes a run on its own (a clinical thermometer reading, rule 1)
 */
record RunSpec(Predicate<Sample> qualifies, long maxGapMs, long minSpanMs, int minCount, Predicate<Sample> single,
        long minSeparationMs) {

    static RunSpec of(Predicate<Sample> qualifies, long maxGapMs, long minSpanMs, int minCount) {
        return new RunSpec(qualifies, maxGapMs, minSpanMs, minCount, s -> false, 0);
    }

    /** Two distinct measurements {@code minSeparationMs} to {@code windowMs} apart, none failing between. */
    static RunSpec confirmation(Predicate<Sample> qualifies, long minSeparationMs, long windowMs) {
        return new RunSpec(qualifies, windowMs, 0, 2, s -> false, minSeparationMs);
    }

    RunSpec orSingle(Predicate<Sample> single) {
        return new RunSpec(qualifies, maxGapMs, minSpanMs, minCount, single, minSeparationMs);
    }

    /** Whether an entry keeps a run going: it qualifies, and hides no gap the rule would see. */
    boolean continues(Sample sample) {
        return sample.maxGapMs() <= maxGapMs && qualifies.test(sample);
    }
}
