package org.portwatch.ingest.reading;

import io.smallrye.mutiny.Uni;
import io.vertx.core.Context;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.core.HttpHeaders;
import java.util.Map;
import java.util.OptionalLong;
import java.util.function.Consumer;
import org.portwatch.ingest.config.IngestConfig;
import org.portwatch.ingest.device.AuthenticatedDevice;
import org.portwatch.ingest.device.DeviceRateLimiter;
import org.portwatch.ingest.device.DeviceTokenVerifier;
import org.portwatch.ingest.device.WarmupToken;
import org.portwatch.ingest.metrics.RequestOutcome;
import org.portwatch.service.problem.ProblemException;
import org.portwatch.service.problem.ProblemType;

/**
 * What every device endpoint (readings, symptom check-ins) does around its own work, written once: the device
 * token, the device's request rate, the 503 when the broker did not acknowledge, and answering on the request's own
 * event loop. Each endpoint counts the outcomes in its own meter.
 */
@ApplicationScoped
public class DeviceGate {

    private final DeviceTokenVerifier verifier;
    private final DeviceRateLimiter rateLimiter;
    private final IngestConfig config;

    public DeviceGate(DeviceTokenVerifier verifier, DeviceRateLimiter rateLimiter, IngestConfig config) {
        this.verifier = verifier;
        this.rateLimiter = rateLimiter;
        this.config = config;
    }

    /**
     * The device behind the token, within its request rate; otherwise a failure (401, 503 for a registry that cannot
     * be asked, 429), counted with {@code outcomes}.
     */
    public Uni<AuthenticatedDevice> admit(String authorization, Consumer<RequestOutcome> outcomes) {
        return verifier.verify(authorization)
                .onFailure(ProblemException.class).invoke(error -> outcomes.accept(
                        ((ProblemException) error).type() == ProblemType.SERVICE_UNAVAILABLE
                                ? RequestOutcome.UNAVAILABLE : RequestOutcome.UNAUTHORIZED))
                .map(device -> {
                    if (WarmupToken.is(device)) {
                        // One synthetic device making thousands of requests: no budget of a real device is touched.
                        return device;
                    }
                    OptionalLong wait = rateLimiter.tryAcquire(device.deviceId());
                    if (wait.isPresent()) {
                        outcomes.accept(RequestOutcome.RATE_LIMITED);
                        throw new ProblemException(ProblemType.RATE_LIMITED,
                                "This device is over " + (int) config.deviceRequestsPerSecond() + " requests per second.",
                                null, Map.of(HttpHeaders.RETRY_AFTER, Long.toString(wait.getAsLong())));
                    }
                    return device;
                });
    }

    /**
     * Refuses the start-up warm-up's device (WarmupToken) at the last step before anything is charged to a budget or
     * sent: its requests run the token check, parsing and validation, and end here with a 403, counted in no
     * request meter (the warm-up counts them itself). Every endpoint that sends calls it before sending.
     */
    public static void refuseWarmup(AuthenticatedDevice device) {
        if (WarmupToken.is(device)) {
            throw new ProblemException(ProblemType.FORBIDDEN,
                    "The start-up warm-up's synthetic device; nothing it sends is ever sent on.");
        }
    }

    /** The answer when the broker did not take what a request brought: nothing was promised, retry later. */
    public ProblemException unavailable(String what) {
        return new ProblemException(ProblemType.SERVICE_UNAVAILABLE,
                what + " could not be stored right now and were not accepted; retry later.", null,
                Map.of(HttpHeaders.RETRY_AFTER, Integer.toString(config.unavailableRetryAfterSeconds())));
    }

    /** The broker's acknowledgement arrives on a Kafka thread; answer from the request's own event loop. */
    public static void resumeOn(Context context, Runnable command) {
        if (context == null) {
            command.run();
        } else {
            context.runOnContext(ignored -> command.run());
        }
    }
}
