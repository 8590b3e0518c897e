package org.portwatch.loadgen;

import java.util.Map;

/**
 * The outcome of one run. Everything is counted over the requests of the measured window: those
 * due (at a fixed rate) or sent (flat out) between the end of the warmup and the end of the run,
 * whose answers came before the run stopped draining. Rates are those counts over the window's length.
 *
 * @param target            where the load went
 * @param batch             readings per request
 * @param targetRate        requests/s asked for; 0 = flat out
 * @param connections       connections (= most requests in flight)
 * @param threads           client event loops
 * @param devices           devices the requests were spread over
 * @param warmupSeconds     unmeasured time before the window
 * @param windowSeconds     length of the window
 * @param responses         requests of the window that completed, whatever their outcome
 * @param accepted202       of those, answered 202
 * @param acceptedReadings  readings the 202 answers said they accepted
 * @param statusCounts      outcome -> count: HTTP status codes, and {@code ERR:...} for requests with no answer
 * @param accepted          latency of the 202 answers
 * @param all               latency of all outcomes
 * @param scheduledInWindow requests due in the window by the fixed-rate schedule (0 when flat out)
 * @param sentInWindow      requests that left in the window
 * @param maxScheduleLagMs  the most a request left after its intended time (fixed rate only)
 * @param inFlightAtEnd     requests still unanswered when the run stopped draining (not in any count)
 * @param clientCpuPercent  CPU the load generator itself used during the window, % of one core
 * @param samples           first body seen per non-202 outcome
 * @param windowStartEpochMs wall-clock start of the window, to line it up with other measurements
 */
public record Result(
        String target,
        int batch,
        double targetRate,
        int connections,
        int threads,
        int devices,
        double warmupSeconds,
        double windowSeconds,
        long responses,
        long accepted202,
        long acceptedReadings,
        Map<String, Long> statusCounts,
        Latency accepted,
        Latency all,
        long scheduledInWindow,
        long sentInWindow,
        double maxScheduleLagMs,
        long inFlightAtEnd,
        double clientCpuPercent,
        Map<String, String> samples,
        long windowStartEpochMs) {

    public long windowEndEpochMs() {
        return windowStartEpochMs + Math.round(windowSeconds * 1000);
    }

    public double requestsPerSecond() {
        return responses / windowSeconds;
    }

    public double acceptedRequestsPerSecond() {
        return accepted202 / windowSeconds;
    }

    public double readingsPerSecond() {
        return acceptedReadings / windowSeconds;
    }

    /** Readings sent in 202-answered requests that the answers did not count as accepted. */
    public long rejectedReadings() {
        return Math.max(0, accepted202 * (long) batch - acceptedReadings);
    }

    /** Responses that were anything but 202 (other statuses and errors). */
    public long non202() {
        return responses - accepted202;
    }
}
