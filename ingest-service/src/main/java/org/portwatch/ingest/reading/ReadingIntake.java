package org.portwatch.ingest.reading;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectReader;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Context;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.core.HttpHeaders;
import java.io.IOException;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import org.portwatch.ingest.config.IngestConfig;
import org.portwatch.ingest.device.AuthenticatedDevice;
import org.portwatch.ingest.device.DeviceRateLimiter;
import org.portwatch.ingest.device.WarmupToken;
import org.portwatch.ingest.metrics.IngestMetrics;
import org.portwatch.ingest.metrics.RequestOutcome;
import org.portwatch.service.problem.JsonProblems;
import org.portwatch.service.problem.ProblemException;
import org.portwatch.service.problem.ProblemType;

/**
 * The one way readings come in, whatever format carried them (our JSON, FHIR R4 Observations, Open mHealth data
 * points): the device's gate ({@link DeviceGate}: token, request rate), input hygiene, the device's readings budget,
 * and the broker's acknowledgement before anything is called accepted. The formats only parse and answer.
 */
@ApplicationScoped
public class ReadingIntake {

    private final DeviceGate gate;
    private final DeviceRateLimiter rateLimiter;
    private final ReadingValidator validator;
    private final ReadingPublisher publisher;
    private final IngestMetrics metrics;
    private final IngestConfig config;
    private final Clock clock = Clock.systemUTC();

    public ReadingIntake(DeviceGate gate, DeviceRateLimiter rateLimiter, ReadingValidator validator,
            ReadingPublisher publisher, IngestMetrics metrics, IngestConfig config) {
        this.gate = gate;
        this.rateLimiter = rateLimiter;
        this.validator = validator;
        this.publisher = publisher;
        this.metrics = metrics;
        this.config = config;
    }

    /** The device behind the token, within its request rate; 401, 429 or 503 as a {@link ProblemException}. */
    public Uni<AuthenticatedDevice> authenticate(String authorization) {
        return gate.admit(authorization, metrics::request);
    }

    /** Input hygiene of every reading, each on its own (nothing is sent yet); rejections are counted. */
    public ReadingValidator.Outcome validate(AuthenticatedDevice device, List<ReadingInput> readings) {
        ReadingValidator.Outcome outcome = validator.validate(readings, device.deviceId(), device.patientId(),
                clock.instant());
        if (!WarmupToken.is(device)) {
            outcome.rejected().forEach(rejection -> metrics.rejected(rejection.reason()));
        }
        return outcome;
    }

    /** Counts a request refused whole for its content (nothing valid, or a transaction with an invalid entry). */
    public void refused() {
        metrics.request(RequestOutcome.REJECTED);
    }

    /**
     * Charges the accepted readings to the device's budget and sends them; completes, on {@code context}, once the
     * broker acknowledged every one. 413/429 when over the budget, 503 with Retry-After when the broker did not
     * acknowledge in time (then nothing is charged: the device's retry must not find its budget gone).
     */
    public Uni<ReadingValidator.Outcome> send(AuthenticatedDevice device, ReadingValidator.Outcome outcome,
            Context context) {
        DeviceGate.refuseWarmup(device);
        int cost = outcome.accepted().size();
        takeFromBudget(device, cost);
        return publisher.publish(outcome.accepted())
                .emitOn(command -> DeviceGate.resumeOn(context, command))
                .map(done -> {
                    outcome.accepted().forEach(reading -> metrics.accepted(reading.type()));
                    outcome.superseded().forEach(reading -> metrics.duplicate(reading.type()));
                    metrics.request(outcome.rejected().isEmpty() ? RequestOutcome.ACCEPTED
                            : RequestOutcome.PARTIALLY_ACCEPTED);
                    return outcome;
                })
                .onFailure(BrokerUnavailableException.class).transform(error -> {
                    rateLimiter.refundReadings(device.deviceId(), cost);
                    metrics.request(RequestOutcome.UNAVAILABLE);
                    return gate.unavailable("The readings");
                });
    }

    /**
     * The body read with {@code reader} (a typed reader, or a tree reader for the formats mapped by hand), or 413 when
     * it is over the readings endpoints' size, 400 when it is no JSON; {@code what} names the body's items in the
     * advice ("readings", "Observations per Bundle").
     */
    public <T> T read(byte[] body, ObjectReader reader, String what) {
        if (body.length > config.maxBodyBytes()) {
            metrics.request(RequestOutcome.TOO_LARGE);
            throw new ProblemException(ProblemType.PAYLOAD_TOO_LARGE,
                    "The body is larger than " + config.maxBodyBytes() + " bytes; send fewer " + what + ".");
        }
        try {
            return reader.readValue(body);
        } catch (JsonProcessingException e) {
            metrics.request(RequestOutcome.MALFORMED);
            throw new ProblemException(ProblemType.MALFORMED_REQUEST, JsonProblems.describe(e));
        } catch (IOException e) {
            metrics.request(RequestOutcome.MALFORMED);
            throw new ProblemException(ProblemType.MALFORMED_REQUEST, "The body could not be read as JSON.");
        }
    }

    /** Counts a request answered without {@link #send}: refused for its size or shape, or with nothing new to send. */
    public void count(RequestOutcome outcome) {
        metrics.request(outcome);
    }

    /**
     * Charges the readings this request would send on (valid, one per measurement) to the device's budget,
     * all or nothing: rejected readings and in-request re-sends never reach the detector, so they cost nothing.
     */
    private void takeFromBudget(AuthenticatedDevice device, int readings) {
        long burst = rateLimiter.readingsBurst();
        if (readings > burst) {
            // No wait would ever make room: 413 like any other request too large, never a 429 to retry.
            metrics.request(RequestOutcome.TOO_LARGE);
            throw new ProblemException(ProblemType.PAYLOAD_TOO_LARGE, "This request would send on " + readings
                    + " readings; a device may send at most " + burst + " at once. Send them in smaller requests.");
        }
        OptionalLong wait = rateLimiter.tryAcquireReadings(device.deviceId(), readings);
        if (wait.isPresent()) {
            metrics.request(RequestOutcome.OVER_BUDGET);
            metrics.overBudget(readings);
            throw new ProblemException(ProblemType.RATE_LIMITED,
                    "This device is over its readings budget (" + number(config.deviceReadingsPerSecond())
                            + " readings per second, at most " + burst + " at once): the " + readings
                            + " readings of this request fit in " + wait.getAsLong()
                            + " s. Nothing of this request was accepted.", null,
                    Map.of(HttpHeaders.RETRY_AFTER, Long.toString(wait.getAsLong())));
        }
    }

    private static String number(double value) {
        return value == Math.rint(value) ? Long.toString((long) value) : Double.toString(value);
    }
}
