package org.portwatch.ingest.symptom;

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
import org.portwatch.ingest.reading.BrokerUnavailableException;
import org.portwatch.ingest.reading.DeviceGate;
import org.portwatch.ingest.reading.ReadingPublisher;
import org.portwatch.model.Json;
import org.portwatch.model.Symptom;
import org.portwatch.model.SymptomCheckIn;
import org.portwatch.service.problem.JsonProblems;
import org.portwatch.service.problem.ProblemException;
import org.portwatch.service.problem.ProblemType;

/**
 * Where the patient's app (with its device token) reports the leaflet's other warning signs. Behind the same edge as
 * the readings (address limit, body limit — the 16 KiB of every endpoint but the readings —, control characters in
 * the path), then the same gate: the device token, the device's request rate, one unit of its readings budget (a
 * check-in is detector work like a reading). A 202 means the check-in is on the broker; anything else means nothing
 * was promised, and a retry with the same checkInId raises nothing twice.
 */
@Path("/api/v1/symptoms")
@Tag(name = "Symptoms", description = "Patients report the leaflet's warning signs that no sensor measures (device token)")
public class SymptomsResource {

    private static final ObjectReader READER = Json.mapper().readerFor(CheckInInput.class)
            .with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    private final DeviceGate gate;
    private final DeviceRateLimiter rateLimiter;
    private final CheckInValidator validator;
    private final ReadingPublisher publisher;
    private final IngestMetrics metrics;
    private final IngestConfig config;
    private final Clock clock = Clock.systemUTC();

    public SymptomsResource(DeviceGate gate, DeviceRateLimiter rateLimiter, CheckInValidator validator,
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
    @Operation(summary = "Report symptoms",
            description = "One check-in: the warning signs the patient has now (the port leaflet's \"call right "
                    + "away\" signs, chills, or OTHER with a short text). Accepted whole or refused whole. Each symptom "
                    + "raises a SYMPTOM alert for the care team (docs/clinical-rules.md rule 6). The patient is the one "
                    + "the device is registered to. 202 only after the broker acknowledged the check-in.")
    @RequestBody(required = true, content = @Content(mediaType = MediaType.APPLICATION_JSON,
            schema = @Schema(implementation = CheckInInput.class),
            examples = @ExampleObject(name = "chills and something else", value = """
                    {"checkInId": "app-7-checkin-0042", "symptoms": ["CHILLS", "OTHER"],
                     "otherText": "Feels like the needle site is burning", "reportedAt": "2026-11-28T10:15:30Z"}""")))
    @APIResponse(responseCode = "202", description = "The check-in is on the broker",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = CheckInReceipt.class)))
    @APIResponse(responseCode = "400", description = "Not JSON, or not of the shape of a check-in")
    @APIResponse(responseCode = "401", description = "No, unknown or revoked device token")
    @APIResponse(responseCode = "413", description = "Over 16 KiB")
    @APIResponse(responseCode = "415", description = "Body not application/json")
    @APIResponse(responseCode = "422", description = "Not a valid check-in: no or an unknown symptom, a symptom twice, "
            + "OTHER without a text (or a text without OTHER, too long, with control characters), reportedAt more than "
            + "5 minutes ahead or more than 7 days old; `errors` lists each")
    @APIResponse(responseCode = "429", description = "Over the client address's request rate, the device's request "
            + "rate (20/s) or its readings budget; retry after Retry-After seconds")
    @APIResponse(responseCode = "503", description = "The broker did not acknowledge in time, ingest is at its "
            + "in-flight limit, or the device registry cannot be reached; nothing was promised, retry after "
            + "Retry-After seconds with the same checkInId")
    public Uni<Response> report(@HeaderParam(HttpHeaders.AUTHORIZATION) String authorization, byte[] body) {
        Context context = Vertx.currentContext();
        return gate.admit(authorization, metrics::checkIn).flatMap(device -> accept(device, body, context));
    }

    private Uni<Response> accept(AuthenticatedDevice device, byte[] body, Context context) {
        DeviceGate.refuseWarmup(device);
        CheckInValidator.Outcome outcome = validator.validate(parse(body), device.deviceId(), device.patientId(),
                clock.instant());
        if (outcome.checkIn() == null) {
            outcome.faults().forEach(fault -> metrics.checkInRejected(fault.reason()));
            metrics.checkIn(RequestOutcome.REJECTED);
            throw new ProblemException(ProblemType.VALIDATION_FAILED, "The check-in was not accepted; see errors.",
                    outcome.faults().stream().map(CheckInValidator.Fault::toFieldError).toList(), Map.of());
        }
        OptionalLong overBudget = rateLimiter.tryAcquireReadings(device.deviceId(), 1);
        if (overBudget.isPresent()) {
            metrics.checkIn(RequestOutcome.OVER_BUDGET);
            throw new ProblemException(ProblemType.RATE_LIMITED, "This device is over its readings budget, which "
                    + "check-ins share; nothing was accepted.", null,
                    Map.of(HttpHeaders.RETRY_AFTER, Long.toString(overBudget.getAsLong())));
        }
        SymptomCheckIn checkIn = outcome.checkIn();
        return publisher.publish(checkIn)
                .emitOn(command -> DeviceGate.resumeOn(context, command))
                .map(done -> {
                    metrics.checkIn(RequestOutcome.ACCEPTED);
                    return Response.accepted(new CheckInReceipt(checkIn.checkInId(),
                            checkIn.symptoms().stream().map(Symptom::name).toList())).build();
                })
                .onFailure(BrokerUnavailableException.class).transform(error -> {
                    rateLimiter.refundReadings(device.deviceId(), 1);
                    metrics.checkIn(RequestOutcome.UNAVAILABLE);
                    return gate.unavailable("The check-in's symptoms");
                });
    }

    private CheckInInput parse(byte[] body) {
        if (body.length > config.adminMaxBodyBytes()) {
            // A chunked body passes the edge's Content-Length check; the size read is checked here.
            metrics.checkIn(RequestOutcome.TOO_LARGE);
            throw new ProblemException(ProblemType.PAYLOAD_TOO_LARGE,
                    "The body is larger than " + config.adminMaxBodyBytes() + " bytes.");
        }
        CheckInInput input;
        try {
            input = READER.readValue(body);
        } catch (JsonProcessingException e) {
            metrics.checkIn(RequestOutcome.MALFORMED);
            throw new ProblemException(ProblemType.MALFORMED_REQUEST, JsonProblems.describe(e));
        } catch (IOException e) {
            metrics.checkIn(RequestOutcome.MALFORMED);
            throw new ProblemException(ProblemType.MALFORMED_REQUEST, "The body could not be read as JSON.");
        }
        if (input == null) {
            metrics.checkIn(RequestOutcome.MALFORMED);
            throw new ProblemException(ProblemType.MALFORMED_REQUEST,
                    "The body must be a JSON object {\"symptoms\": [...], \"reportedAt\": ...}.");
        }
        return input;
    }
}
