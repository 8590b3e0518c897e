package org.portwatch.bench;

import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import org.portwatch.bench.Population.Patient;
import org.portwatch.model.VitalReading;

/**
 * The live phase's readings: the same patients, visited round robin in stream order, each visit the next
 * minute of the patient's schedule (a heart rate, and a temperature in the patient's slot of five minutes),
 * with measuredAt = receivedAt = the moment of production.
 *
 * <p>Patients of the live-fever share take their temperature at every visit; from their onset round (their
 * index modulo {@code onsetRounds}, so onsets spread over the phase) it is an oral thermometer reading of
 * 38.2-39.2 °C: one clinical reading is a fever (docs/clinical-rules.md rule 1), so that reading completes the rule
 * and its alert's latency is the detector's, whatever the revisit interval. (A skin patch fever needs a
 * confirming reading at least 2 minutes later, revision 2, which a 24-second revisit never gives.)
 *
 * <p>At a fixed rate this compresses schedule time: 100,000 patients at 5,000 readings/s are visited every
 * ~24 s rather than every minute. The rules work on measuredAt, so they still see real spacing. Patients of
 * the live-fever share measure their temperature at every visit, all of it febrile: their second visit
 * confirms the fever (two readings at or above 38.0 °C within 30 minutes), which raises an alert whose
 * latency the phase measures.
 */
public final class LiveStream {

    private final Population population;
    private final long firstMinute;
    private final int onsetRounds;
    private final Deque<Boolean> pending = new ArrayDeque<>();
    private long visit = -1;
    private Patient current;
    private long minute;

    /** @param firstMinute the schedule minute of the first visit (the replay's span: the schedule goes on) */
    public LiveStream(Population population, long firstMinute) {
        this(population, firstMinute, 1);
    }

    /** @param onsetRounds over how many rounds of visits the live fevers start */
    public LiveStream(Population population, long firstMinute, int onsetRounds) {
        this.population = population;
        this.firstMinute = firstMinute;
        this.onsetRounds = Math.max(1, onsetRounds);
    }

    /** The next reading, measured and received at {@code now}. */
    public VitalReading next(Instant now) {
        if (pending.isEmpty()) {
            visit++;
            int n = (int) (visit % population.size());
            current = population.inStreamOrder(n);
            minute = firstMinute + visit / population.size();
            pending.add(false);
            if (current.liveFever() || minute % 5 == current.temperatureSlot()) {
                pending.add(true);
            }
        }
        boolean temperature = pending.poll();
        long seed = population.seed();
        if (temperature && current.liveFever()) {
            boolean febrile = visit / population.size() >= current.index() % onsetRounds;
            return Vitals.liveTemperature(seed, current, minute, febrile, now);
        }
        return temperature ? Vitals.temperature(seed, current, minute, false, now, now)
                : Vitals.heartRate(seed, current, minute, true, now, now);
    }
}
