package org.portwatch.ingest.fhir;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectReader;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import jakarta.annotation.security.PermitAll;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.portwatch.ingest.config.IngestConfig;
import org.portwatch.ingest.device.AuthenticatedDevice;
import org.portwatch.ingest.fhir.FhirMetrics.Interaction;
import org.portwatch.ingest.fhir.ObservationMapper.Mapped;
import org.portwatch.ingest.metrics.RequestOutcome;
import org.portwatch.ingest.reading.ReadingInput;
import org.portwatch.ingest.reading.ReadingIntake;
import org.portwatch.ingest.reading.ReadingValidator;
import org.portwatch.ingest.reading.Rejection;
import org.portwatch.model.Json;
import org.portwatch.model.VitalReading;
import org.portwatch.service.problem.OperationOutcomes;
import org.portwatch.service.problem.Problem;
import org.portwatch.service.problem.ProblemException;
import org.portwatch.service.problem.ProblemType;

/**
 * Readings as FHIR R4 Observations, for hospital systems and device vendors that speak FHIR: a Bundle of type batch
 * (each Observation on its own) or transaction (all or none), or one Observation. The same intake as
 * {@code /api/v1/readings} ({@link ReadingIntake}): device token, request rate, input hygiene, readings budget, and
 * the broker's acknowledgement before anything is called accepted. Every error body is an OperationOutcome
 * (service-common's {@link OperationOutcomes}); FHIR JSON only, parsed with Jackson (no FHIR library on the hot path).
 */
@Path("/fhir/r4")
@Tag(name = "FHIR R4", description = "Vital-signs Observations in FHIR R4 (device token)")
public class FhirResource {

    private static final String FHIR_JSON = OperationOutcomes.FHIR_JSON;
    private static final ObjectReader READER = Json.mapper().readerFor(JsonNode.class)
            .with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
    private static final byte[] CAPABILITY_STATEMENT = load("/fhir/capability-statement.json");

    private final ReadingIntake intake;
    private final RecentIdentifiers recent;
    private final FhirMetrics metrics;
    private final IngestConfig config;

    public FhirResource(ReadingIntake intake, RecentIdentifiers recent, FhirMetrics metrics, IngestConfig config) {
        this.intake = intake;
        this.recent = recent;
        this.metrics = metrics;
        this.config = config;
    }

    @GET
    @Path("/metadata")
    // What this server speaks is public, as FHIR expects: clients read it before their first request.
    @PermitAll
    @Produces({FHIR_JSON, MediaType.APPLICATION_JSON})
    @Operation(summary = "CapabilityStatement", description = "What this FHIR endpoint accepts (no token needed)")
    @APIResponse(responseCode = "200", description = "The CapabilityStatement")
    public Response metadata() {
        return Response.ok(CAPABILITY_STATEMENT, FHIR_JSON).build();
    }

    @POST
    // Devices carry an opaque token, not a JWT: the intake checks it before the body is read.
    @PermitAll
    @Consumes({FHIR_JSON, MediaType.APPLICATION_JSON})
    @Produces({FHIR_JSON, MediaType.APPLICATION_JSON})
    @Operation(summary = "Submit a Bundle of Observations",
            description = "A Bundle of type batch (each entry judged on its own; the answer is a batch-response with "
                    + "201 for a new Observation, 200 for one already seen, 4xx with an OperationOutcome for one "
                    + "refused) or transaction (all or none: one refused entry refuses the Bundle with 400). Up to 500 "
                    + "entries (1 MiB). 200 only after the broker acknowledged every accepted Observation.")
    @APIResponse(responseCode = "200", description = "batch-response or transaction-response, one entry per entry")
    @APIResponse(responseCode = "400", description = "Not a Bundle of type batch or transaction, or a transaction "
            + "with an entry that could not be accepted")
    @APIResponse(responseCode = "401", description = "No, unknown or revoked device token")
    @APIResponse(responseCode = "413", description = "Over 500 entries or 1 MiB, or over the device's readings burst")
    @APIResponse(responseCode = "415", description = "Body not application/fhir+json")
    @APIResponse(responseCode = "429", description = "Over a request rate or the device's readings budget; retry "
            + "after Retry-After seconds")
    @APIResponse(responseCode = "503", description = "The broker did not acknowledge in time; nothing was accepted, "
            + "retry after Retry-After seconds")
    public Uni<Response> bundle(@HeaderParam(HttpHeaders.AUTHORIZATION) String authorization, byte[] body) {
        Context context = Vertx.currentContext();
        return intake.authenticate(authorization).flatMap(device -> {
            JsonNode bundle = parse(body);
            if (!"Bundle".equals(bundle.path("resourceType").asText(null))) {
                throw refused(ProblemType.MALFORMED_REQUEST, "POST a Bundle of type batch or transaction to /fhir/r4, "
                        + "or one Observation to /fhir/r4/Observation.");
            }
            String type = bundle.path("type").asText("");
            if (!type.equals("batch") && !type.equals("transaction")) {
                throw refused(ProblemType.MALFORMED_REQUEST, "Bundle.type must be batch or transaction.");
            }
            JsonNode entries = bundle.path("entry");
            if (!entries.isArray() || entries.isEmpty()) {
                throw refused(ProblemType.INVALID_READINGS, "The Bundle holds no entries.");
            }
            if (entries.size() > config.maxReadingsPerRequest()) {
                intake.count(RequestOutcome.TOO_LARGE);
                throw new ProblemException(ProblemType.PAYLOAD_TOO_LARGE, "At most " + config.maxReadingsPerRequest()
                        + " entries per Bundle; this one has " + entries.size() + ".");
            }
            boolean transaction = type.equals("transaction");
            List<JsonNode> resources = new ArrayList<>(entries.size());
            List<Result> early = new ArrayList<>(entries.size());
            for (JsonNode entry : entries) {
                JsonNode request = entry.path("request");
                String method = request.path("method").asText("POST");
                String url = request.path("url").asText("Observation");
                if (!method.equals("POST") || !(url.equals("Observation") || url.startsWith("Observation?"))) {
                    early.add(Result.refused(405, "not-supported", "UNSUPPORTED",
                            "Only POST of an Observation is accepted here.", "request"));
                } else {
                    early.add(null);
                }
                resources.add(entry.get("resource"));
            }
            Interaction interaction = transaction ? Interaction.TRANSACTION : Interaction.BATCH;
            return judge(device, resources, early, transaction, interaction, context).map(results -> {
                List<Map<String, Object>> answers = new ArrayList<>(results.size());
                for (Result result : results) {
                    metrics.observation(interaction, result.status());
                    answers.add(Map.of("response", result.response()));
                }
                Map<String, Object> answer = new LinkedHashMap<>();
                answer.put("resourceType", "Bundle");
                answer.put("type", transaction ? "transaction-response" : "batch-response");
                answer.put("entry", answers);
                return Response.ok(answer, FHIR_JSON).build();
            });
        });
    }

    @POST
    @Path("/Observation")
    @PermitAll
    @Consumes({FHIR_JSON, MediaType.APPLICATION_JSON})
    @Produces({FHIR_JSON, MediaType.APPLICATION_JSON})
    @Operation(summary = "Submit one Observation",
            description = "201 when new, 200 when already seen (its identifier), 4xx with an OperationOutcome when "
                    + "refused; only after the broker acknowledged it.")
    @APIResponse(responseCode = "201", description = "Accepted and on the broker")
    @APIResponse(responseCode = "200", description = "Already seen: this device sent this identifier before")
    @APIResponse(responseCode = "400", description = "Not FHIR JSON")
    @APIResponse(responseCode = "401", description = "No, unknown or revoked device token")
    @APIResponse(responseCode = "415", description = "Body not application/fhir+json")
    @APIResponse(responseCode = "422", description = "Not an Observation we can read as a reading; the outcome says why")
    @APIResponse(responseCode = "429", description = "Over a request rate or the device's readings budget")
    @APIResponse(responseCode = "503", description = "The broker did not acknowledge in time; nothing was accepted")
    public Uni<Response> observation(@HeaderParam(HttpHeaders.AUTHORIZATION) String authorization, byte[] body) {
        Context context = Vertx.currentContext();
        return intake.authenticate(authorization).flatMap(device -> {
            JsonNode resource = parse(body);
            List<Result> early = new ArrayList<>(1);
            early.add(null);
            return judge(device, List.of(resource), early, true, Interaction.CREATE, context).map(results -> {
                Result result = results.get(0);
                metrics.observation(Interaction.CREATE, result.status());
                return Response.status(result.status()).type(FHIR_JSON).entity(result.outcome()).build();
            });
        });
    }

    /** What became of one Observation: its status, and for a refusal the issue saying why. */
    record Result(int status, String code, String reason, String diagnostics, String expression) {

        static final Result CREATED = new Result(201, "informational", "created",
                "Accepted: the reading is on the broker.", null);
        static final Result SEEN = new Result(200, "informational", "already-seen",
                "Already received from this device; nothing new was sent.", null);

        static Result refused(int status, String code, String reason, String diagnostics, String expression) {
            return new Result(status, code, reason, diagnostics, expression);
        }

        boolean refused() {
            return status >= 400;
        }

        Map<String, Object> outcome() {
            return OperationOutcomes.outcome(List.of(OperationOutcomes.issue(refused() ? "error" : "information", code,
                    reason, null, diagnostics, expression)));
        }

        Map<String, Object> response() {
            Map<String, Object> response = new LinkedHashMap<>();
            response.put("status", status + " " + switch (status) {
                case 201 -> "Created";
                case 200 -> "OK";
                case 405 -> "Method Not Allowed";
                case 422 -> "Unprocessable Entity";
                default -> "Bad Request";
            });
            response.put("outcome", outcome());
            return response;
        }
    }

    /**
     * Judges every Observation, sends the accepted ones that are new, and answers each. {@code allOrNone}: one
     * refused Observation refuses the request (400 for a transaction, the refusal itself for a single create), and
     * nothing is sent.
     */
    private Uni<List<Result>> judge(AuthenticatedDevice device, List<JsonNode> resources, List<Result> early,
            boolean allOrNone, Interaction interaction, Context context) {
        List<Result> results = new ArrayList<>(early);
        List<ReadingInput> inputs = new ArrayList<>(resources.size());
        List<Integer> entryOf = new ArrayList<>(resources.size());
        for (int i = 0; i < resources.size(); i++) {
            if (results.get(i) != null) {
                continue;
            }
            Mapped mapped = ObservationMapper.map(resources.get(i));
            if (mapped.reading() == null) {
                results.set(i, Result.refused(mapped.status(), mapped.code(), mapped.reason(), mapped.diagnostics(),
                        mapped.expression()));
            } else {
                inputs.add(mapped.reading());
                entryOf.add(i);
            }
        }
        ReadingValidator.Outcome outcome = intake.validate(device, inputs);
        for (Rejection rejection : outcome.rejected()) {
            results.set(entryOf.get(rejection.index()), Result.refused(422, "invalid", rejection.reason().name(),
                    rejection.detail(), ObservationMapper.expression(rejection.field())));
        }
        boolean anyRefused = results.stream().anyMatch(result -> result != null);
        if (allOrNone && anyRefused) {
            intake.refused();
            if (interaction == Interaction.CREATE) {
                return Uni.createFrom().item(results);
            }
            throw transactionRefused(results);
        }
        for (int input : outcome.supersededAt()) {
            results.set(entryOf.get(input), Result.SEEN);
        }
        // Readings this device sent before and the broker acknowledged: answered 200, not sent or charged again.
        List<VitalReading> fresh = new ArrayList<>(outcome.accepted().size());
        List<Integer> freshEntries = new ArrayList<>(outcome.accepted().size());
        for (int k = 0; k < outcome.accepted().size(); k++) {
            VitalReading reading = outcome.accepted().get(k);
            int entry = entryOf.get(outcome.acceptedAt().get(k));
            if (recent.contains(device.deviceId(), reading.readingId())) {
                results.set(entry, Result.SEEN);
            } else {
                fresh.add(reading);
                freshEntries.add(entry);
            }
        }
        if (fresh.isEmpty()) {
            if (outcome.accepted().isEmpty()) {
                intake.refused();
            } else {
                intake.count(RequestOutcome.ACCEPTED);
            }
            return Uni.createFrom().item(results);
        }
        ReadingValidator.Outcome toSend = new ReadingValidator.Outcome(fresh, outcome.superseded(), outcome.rejected(),
                List.of(), outcome.supersededAt());
        return intake.send(device, toSend, context).map(sent -> {
            for (int k = 0; k < fresh.size(); k++) {
                recent.remember(device.deviceId(), fresh.get(k).readingId());
                results.set(freshEntries.get(k), Result.CREATED);
            }
            return results;
        });
    }

    /** A transaction with a refused entry: 400, its OperationOutcome naming every entry at fault. */
    private static ProblemException transactionRefused(List<Result> results) {
        List<Problem.FieldError> errors = new ArrayList<>();
        for (int i = 0; i < results.size(); i++) {
            Result result = results.get(i);
            if (result != null && result.refused()) {
                errors.add(new Problem.FieldError(i, "Bundle.entry[" + i + "].resource"
                        + (result.expression() == null ? "" : "." + result.expression()), result.reason(),
                        result.diagnostics()));
            }
        }
        return new ProblemException(ProblemType.MALFORMED_REQUEST, "The transaction was not accepted: "
                + errors.size() + " of its entries could not be; nothing was sent.", errors, Map.of());
    }

    private JsonNode parse(byte[] body) {
        JsonNode node = intake.read(body, READER, "Observations per Bundle");
        if (node == null || !node.isObject()) {
            intake.count(RequestOutcome.MALFORMED);
            throw new ProblemException(ProblemType.MALFORMED_REQUEST, "The body must be a FHIR resource (a JSON object).");
        }
        return node;
    }

    private ProblemException refused(ProblemType type, String detail) {
        intake.count(RequestOutcome.MALFORMED);
        return new ProblemException(type, detail);
    }

    private static byte[] load(String resource) {
        try (InputStream in = FhirResource.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException(resource + " is missing from the build");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
