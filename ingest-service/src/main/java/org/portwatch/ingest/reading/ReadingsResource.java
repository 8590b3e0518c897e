package org.portwatch.ingest.reading;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectReader;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import jakarta.annotation.security.PermitAll;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.portwatch.ingest.config.IngestConfig;
import org.portwatch.ingest.device.AuthenticatedDevice;
import org.portwatch.ingest.device.DeviceRateLimiter;
import org.portwatch.ingest.metrics.IngestMetrics;
import org.portwatch.ingest.metrics.RequestOutcome;
import org.portwatch.service.problem.JsonProblems;
import org.portwatch.service.problem.ProblemException;
import org.portwatch.service.problem.ProblemType;
import org.portwatch.model.Json;
import org.portwatch.model.VitalReading;

/**
 * Where wearables and phone gateways push readings. A 202 means every accepted reading is on the broker;
 * anything else means nothing of this request was promised, and the device should retry (its readingIds
 * make a retry harmless).
 */
@Path("/api/v1/readings")
@Tag(name = "Readings", description = "Wearables push temperature and heart-rate readings (device token)")
public class ReadingsResource {

    /** Strict on shape (an object where a list belongs is a 400), loose on values (judged per reading). */
    private static final ObjectReader BATCH_READER = Json.mapper().readerFor(ReadingBatch.class)
            .with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    private final DeviceGate gate;
    private final DeviceRateLimiter rateLimiter;
    private final ReadingValidator validator;
    private final ReadingPublisher publisher;
    private final IngestMetrics metrics;
    private final IngestConfig config;
    private final Clock clock = Clock.systemUTC();

    public ReadingsResource(DeviceGate gate, DeviceRateLimiter rateLimiter, ReadingValidator validator,
            ReadingPublisher publisher, IngestMetrics metrics, IngestConfig config) {
        this.gate = gate;
        this.rateLimiter = rateLimiter;
        this.validator = validator;
        this.publisher = publisher;
        this.metrics = metrics;
        this.config = config;
    }

    @POST
    // Devices carry an opaque token, not a JWT: DeviceTokenVerifier checks it below, before anything is read.
    @PermitAll
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Submit readings",
            description = "Up to 500 readings (1 MiB). Valid readings are sent on in canonical units; invalid ones are "
                    + "listed in `rejected` with the field and a reason code. Two readings with the same type and "
                    + "measuredAt are one measurement: the later is sent on, the earlier counted in `duplicates`. "
                    + "The readings sent on are charged to the device's readings budget. The patient is the one the "
                    + "device is registered to. 202 only after the broker acknowledged every accepted reading.")
    @RequestBody(required = true, content = @Content(mediaType = MediaType.APPLICATION_JSON,
            schema = @Schema(implementation = ReadingBatch.class),
            examples = @ExampleObject(name = "temperature and heart rate", value = """
                    {"readings": [
                      {"readingId": "patch-3-000172", "type": "BODY_TEMPERATURE", "value": 100.9, "unit": "[degF]",
                       "measuredAt": "2026-11-28T10:15:30Z", "site": "SKIN", "activity": "RESTING", "sensorStatus": "ON_BODY"},
                      {"type": "HEART_RATE", "value": 104, "unit": "/min", "measuredAt": "2026-11-28T10:15:00Z"}
                    ]}""")))
    @APIResponse(responseCode = "202", description = "Accepted readings are on the broker; rejected ones are listed",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = IngestResult.class),
                    examples = @ExampleObject(name = "one rejected", value = """
                            {"accepted": 1, "duplicates": 0, "rejected": [{"index": 1, "field": "value",
                              "reason": "IMPLAUSIBLE_VALUE", "detail": "heart rate must be between 20 and 250 /min"}]}""")))
    @APIResponse(responseCode = "400", description = "Not JSON, or not of the shape {\"readings\": [...]}")
    @APIResponse(responseCode = "401", description = "No, unknown or revoked device token")
    @APIResponse(responseCode = "413", description = "Over 500 readings or 1 MiB, or more readings to send on than the "
            + "device's burst (3,000), which no wait would make room for")
    @APIResponse(responseCode = "415", description = "Body not application/json")
    @APIResponse(responseCode = "422", description = "No reading was valid; `errors` lists each with its reason")
    @APIResponse(responseCode = "429", description = "Over the client address's request rate (500/s, before the token "
            + "is read), the device's request rate (20/s) or its readings budget "
            + "(5 readings/s, 3,000 at once); nothing of the request was accepted, retry after Retry-After seconds")
    @APIResponse(responseCode = "503", description = "The broker did not acknowledge in time, ingest is at its "
            + "in-flight limit, or the device registry cannot be reached for a token it has no verdict for; nothing was "
            + "promised, retry after Retry-After seconds with the same readingIds")
    public Uni<Response> submit(@HeaderParam(HttpHeaders.AUTHORIZATION) String authorization, byte[] body) {
        Context context = Vertx.currentContext();
        return gate.admit(authorization, metrics::request).flatMap(device -> accept(device, body, context));
    }

    private Uni<Response> accept(AuthenticatedDevice device, byte[] body, Context context) {
        ReadingBatch batch = parse(body);
        Instant receivedAt = clock.instant();
        ReadingValidator.Outcome outcome = validator.validate(batch.readings(), device.deviceId(), device.patientId(),
                receivedAt);
        outcome.rejected().forEach(rejection -> metrics.rejected(rejection.reason()));
        if (outcome.accepted().isEmpty()) {
            metrics.request(RequestOutcome.REJECTED);
            throw new ProblemException(ProblemType.INVALID_READINGS,
                    "None of the " + batch.readings().size() + " readings could be accepted; see errors.",
                    outcome.rejected().stream().map(Rejection::toFieldError).toList(), Map.of());
        }
        int cost = outcome.accepted().size();
        takeFromBudget(device, cost);
        return publisher.publish(outcome.accepted())
                .emitOn(command -> DeviceGate.resumeOn(context, command))
                .map(done -> {
                    outcome.accepted().forEach(reading -> metrics.accepted(reading.type()));
                    outcome.superseded().forEach(reading -> metrics.duplicate(reading.type()));
                    metrics.request(outcome.rejected().isEmpty() ? RequestOutcome.ACCEPTED : RequestOutcome.PARTIALLY_ACCEPTED);
                    return Response.accepted(IngestResult.of(cost, outcome.superseded().size(), outcome.rejected()))
                            .build();
                })
                .onFailure(BrokerUnavailableException.class).transform(error -> {
                    // Nothing was accepted, so nothing was spent: the device's retry must not find its budget gone.
                    rateLimiter.refundReadings(device.deviceId(), cost);
                    metrics.request(RequestOutcome.UNAVAILABLE);
                    return gate.unavailable("The readings");
                });
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

    private ReadingBatch parse(byte[] body) {
        if (body.length > config.maxBodyBytes()) {
            metrics.request(RequestOutcome.TOO_LARGE);
            throw new ProblemException(ProblemType.PAYLOAD_TOO_LARGE,
                    "The body is larger than " + config.maxBodyBytes() + " bytes; send fewer readings per request.");
        }
        ReadingBatch batch;
        try {
            batch = BATCH_READER.readValue(body);
        } catch (JsonProcessingException e) {
            metrics.request(RequestOutcome.MALFORMED);
            throw new ProblemException(ProblemType.MALFORMED_REQUEST, JsonProblems.describe(e));
        } catch (IOException e) {
            metrics.request(RequestOutcome.MALFORMED);
            throw new ProblemException(ProblemType.MALFORMED_REQUEST, "The body could not be read as JSON.");
        }
        if (batch == null || batch.readings() == null) {
            metrics.request(RequestOutcome.MALFORMED);
            throw new ProblemException(ProblemType.MALFORMED_REQUEST,
                    "The body must be a JSON object {\"readings\": [...]}.");
        }
        List<ReadingInput> readings = batch.readings();
        if (readings.size() > config.maxReadingsPerRequest()) {
            metrics.request(RequestOutcome.TOO_LARGE);
            throw new ProblemException(ProblemType.PAYLOAD_TOO_LARGE, "At most " + config.maxReadingsPerRequest()
                    + " readings per request; this one has " + readings.size() + ".");
        }
        if (readings.isEmpty()) {
            metrics.request(RequestOutcome.REJECTED);
            throw new ProblemException(ProblemType.INVALID_READINGS, "The request holds no readings.");
        }
        return batch;
    }
}
