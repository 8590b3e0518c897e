package org.portwatch.ingest.reading;

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
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.portwatch.ingest.config.IngestConfig;
import org.portwatch.ingest.device.AuthenticatedDevice;
import org.portwatch.ingest.metrics.RequestOutcome;
import org.portwatch.service.problem.ProblemException;
import org.portwatch.service.problem.ProblemType;
import org.portwatch.model.Json;

/**
 * Where wearables and phone gateways push readings. A 202 means every accepted reading is on the broker;
 * anything else means nothing of this request was promised, and the device should retry (its readingIds
 * make a retry harmless).
 */
@Path("/api/v1/readings")
@Tag(name = "Readings", description = "Wearables push temperature and heart-rate readings (device token)")
public class ReadingsResource {

    /** Strict on shape (an object where a list belongs is a 400), loose on values (judged per reading). */
    static final ObjectReader BATCH_READER = Json.mapper().readerFor(ReadingBatch.class)
            .with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    private final ReadingIntake intake;
    private final IngestConfig config;

    public ReadingsResource(ReadingIntake intake, IngestConfig config) {
        this.intake = intake;
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
        return intake.authenticate(authorization).flatMap(device -> accept(device, body, context));
    }

    private Uni<Response> accept(AuthenticatedDevice device, byte[] body, Context context) {
        ReadingBatch batch = parse(body);
        ReadingValidator.Outcome outcome = intake.validate(device, batch.readings());
        if (outcome.accepted().isEmpty()) {
            intake.refused();
            throw new ProblemException(ProblemType.INVALID_READINGS,
                    "None of the " + batch.readings().size() + " readings could be accepted; see errors.",
                    outcome.rejected().stream().map(Rejection::toFieldError).toList(), Map.of());
        }
        return intake.send(device, outcome, context).map(sent -> Response.accepted(
                IngestResult.of(sent.accepted().size(), sent.superseded().size(), sent.rejected())).build());
    }

    private ReadingBatch parse(byte[] body) {
        ReadingBatch batch = intake.read(body, BATCH_READER, "readings per request");
        if (batch == null || batch.readings() == null) {
            intake.count(RequestOutcome.MALFORMED);
            throw new ProblemException(ProblemType.MALFORMED_REQUEST,
                    "The body must be a JSON object {\"readings\": [...]}.");
        }
        List<ReadingInput> readings = batch.readings();
        if (readings.size() > config.maxReadingsPerRequest()) {
            intake.count(RequestOutcome.TOO_LARGE);
            throw new ProblemException(ProblemType.PAYLOAD_TOO_LARGE, "At most " + config.maxReadingsPerRequest()
                    + " readings per request; this one has " + readings.size() + ".");
        }
        if (readings.isEmpty()) {
            intake.refused();
            throw new ProblemException(ProblemType.INVALID_READINGS, "The request holds no readings.");
        }
        return batch;
    }
}
