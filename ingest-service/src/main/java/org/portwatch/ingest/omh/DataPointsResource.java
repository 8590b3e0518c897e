package org.portwatch.ingest.omh;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
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
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.portwatch.ingest.config.IngestConfig;
import org.portwatch.ingest.device.AuthenticatedDevice;
import org.portwatch.ingest.metrics.RequestOutcome;
import org.portwatch.ingest.omh.DataPointMapper.Mapped;
import org.portwatch.ingest.reading.IngestResult;
import org.portwatch.ingest.reading.ReadingInput;
import org.portwatch.ingest.reading.ReadingIntake;
import org.portwatch.ingest.reading.ReadingValidator;
import org.portwatch.ingest.reading.Rejection;
import org.portwatch.model.Json;
import org.portwatch.service.problem.ProblemException;
import org.portwatch.service.problem.ProblemType;

/**
 * Readings as Open mHealth data points, as phone health platforms export them: {@code omh:body-temperature} and
 * {@code omh:heart-rate} (see {@link DataPointMapper} for the versions read). The same intake as
 * {@code /api/v1/readings} and the same answers: 202 with what was accepted and what was not, problem+json otherwise.
 */
@Path("/api/v1/omh/dataPoints")
@Tag(name = "Open mHealth", description = "Temperature and heart rate as Open mHealth data points (device token)")
public class DataPointsResource {

    private static final ObjectReader READER = Json.mapper().readerFor(JsonNode.class)
            .with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    private final ReadingIntake intake;
    private final IngestConfig config;

    public DataPointsResource(ReadingIntake intake, IngestConfig config) {
        this.intake = intake;
        this.config = config;
    }

    @POST
    // Devices carry an opaque token, not a JWT: the intake checks it before the body is read.
    @PermitAll
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Submit Open mHealth data points",
            description = "One data point or an array of up to 500: omh:body-temperature (1.x-4.x) and omh:heart-rate "
                    + "(1.x-3.x), each with a header (its id is the idempotency key) and a body with an "
                    + "effective_time_frame. Answered as /api/v1/readings answers: 202 once the broker acknowledged "
                    + "every accepted point; `rejected` lists the others by their position.")
    @RequestBody(required = true, content = @Content(mediaType = MediaType.APPLICATION_JSON,
            examples = @ExampleObject(name = "a temperature", value = """
                    [{"header": {"id": "3e9a7a0a-5d1c-4a2e-9a53-0b6c2f1d9e11",
                                 "creation_date_time": "2026-11-30T10:16:00Z",
                                 "schema_id": {"namespace": "omh", "name": "body-temperature", "version": "4.0"}},
                      "body": {"body_temperature": {"value": 38.4, "unit": "C"},
                               "effective_time_frame": {"date_time": "2026-11-30T10:15:30Z"},
                               "measurement_location": "axillary"}}]""")))
    @APIResponse(responseCode = "202", description = "Accepted points are on the broker; rejected ones are listed")
    @APIResponse(responseCode = "400", description = "Not JSON, or neither a data point nor an array of them")
    @APIResponse(responseCode = "401", description = "No, unknown or revoked device token")
    @APIResponse(responseCode = "413", description = "Over 500 data points or 1 MiB, or over the device's readings burst")
    @APIResponse(responseCode = "415", description = "Body not application/json")
    @APIResponse(responseCode = "422", description = "No data point was valid; `errors` lists each with its reason")
    @APIResponse(responseCode = "429", description = "Over a request rate or the device's readings budget")
    @APIResponse(responseCode = "503", description = "The broker did not acknowledge in time; nothing was accepted")
    public Uni<Response> submit(@HeaderParam(HttpHeaders.AUTHORIZATION) String authorization, byte[] body) {
        Context context = Vertx.currentContext();
        return intake.authenticate(authorization).flatMap(device -> accept(device, body, context));
    }

    private Uni<Response> accept(AuthenticatedDevice device, byte[] body, Context context) {
        List<JsonNode> points = parse(body);
        List<ReadingInput> inputs = new ArrayList<>(points.size());
        List<Integer> pointOf = new ArrayList<>(points.size());
        List<String> schemaOf = new ArrayList<>(points.size());
        List<Rejection> rejected = new ArrayList<>();
        for (int i = 0; i < points.size(); i++) {
            Mapped mapped = DataPointMapper.map(i, points.get(i));
            if (mapped.rejection() != null) {
                rejected.add(mapped.rejection());
            } else {
                inputs.add(mapped.reading());
                pointOf.add(i);
                schemaOf.add(points.get(i).path("header").path("schema_id").path("name").asText());
            }
        }
        ReadingValidator.Outcome judged = intake.validate(device, inputs);
        for (Rejection rejection : judged.rejected()) {
            int input = rejection.index();
            rejected.add(new Rejection(pointOf.get(input), DataPointMapper.field(rejection.field(), schemaOf.get(input)),
                    rejection.reason(), rejection.detail()));
        }
        rejected.sort((a, b) -> Integer.compare(a.index(), b.index()));
        if (judged.accepted().isEmpty()) {
            intake.refused();
            throw new ProblemException(ProblemType.INVALID_READINGS,
                    "None of the " + points.size() + " data points could be accepted; see errors.",
                    rejected.stream().map(r -> new org.portwatch.service.problem.Problem.FieldError(r.index(), r.field(),
                            r.reason().name(), r.detail())).toList(), Map.of());
        }
        ReadingValidator.Outcome outcome = new ReadingValidator.Outcome(judged.accepted(), judged.superseded(), rejected,
                judged.acceptedAt(), judged.supersededAt());
        return intake.send(device, outcome, context).map(sent -> Response.accepted(
                IngestResult.of(sent.accepted().size(), sent.superseded().size(), rejected)).build());
    }

    private List<JsonNode> parse(byte[] body) {
        JsonNode node = intake.read(body, READER, "data points per request");
        List<JsonNode> points = new ArrayList<>();
        if (node != null && node.isArray()) {
            node.forEach(points::add);
        } else if (node != null && node.isObject()) {
            points.add(node);
        } else {
            intake.count(RequestOutcome.MALFORMED);
            throw new ProblemException(ProblemType.MALFORMED_REQUEST,
                    "The body must be an Open mHealth data point {header, body} or an array of them.");
        }
        if (points.size() > config.maxReadingsPerRequest()) {
            intake.count(RequestOutcome.TOO_LARGE);
            throw new ProblemException(ProblemType.PAYLOAD_TOO_LARGE, "At most " + config.maxReadingsPerRequest()
                    + " data points per request; this one has " + points.size() + ".");
        }
        if (points.isEmpty()) {
            intake.refused();
            throw new ProblemException(ProblemType.INVALID_READINGS, "The request holds no data points.");
        }
        return points;
    }
}
