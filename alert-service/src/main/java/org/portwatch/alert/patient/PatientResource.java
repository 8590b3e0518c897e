package org.portwatch.alert.patient;

import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.portwatch.alert.security.CareTeamAccess;
import org.portwatch.model.Ids;
import org.portwatch.service.problem.Problem;

/**
 * Patient profiles for care teams: who is monitored, by which team, with which thresholds. Administrators manage
 * every patient's profile but never read a display name; a clinician the patients of the care teams in their token,
 * and nothing else exists for them.
 */
@Path("/api/v1/patients")
@RolesAllowed({CareTeamAccess.ROLE_ADMIN, CareTeamAccess.ROLE_CLINICIAN})
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Patients", description = "Monitoring profiles and per-patient detection thresholds (roles admin, clinician)")
@SecurityRequirement(name = "jwt")
public class PatientResource {

    static final String PROFILE_EXAMPLE = """
            {
              "patientId": "patient-0042",
              "displayName": "J. Doe (bed 12)",
              "careTeamId": "oncology-day-unit",
              "portSite": "CHEST",
              "monitoring": true,
              "thresholds": {
                "feverCelsius": 38.0, "feverConfirmMinutes": 30, "highFeverCelsius": 38.3,
                "sustainedFeverMinutes": 60, "feverMaxGapMinutes": 20, "feverResolvedCelsius": 37.8,
                "feverResolvedMinutes": 60, "heartRateHigh": 110.0, "tachycardiaMinutes": 10,
                "tachycardiaMinReadings": 3, "heartRateMaxGapMinutes": 5, "heartRateCritical": 131.0,
                "criticalHeartRateMinutes": 5, "heartRateResolvedMargin": 5.0, "heartRateResolvedMinutes": 10,
                "sepsisHeartRate": 90.0, "sepsisWindowMinutes": 60, "noDataMinutes": 30, "offBodySkinCelsius": 34.0
              },
              "createdAt": "2025-03-01T08:15:30.123456Z",
              "updatedAt": "2025-03-02T10:01:02.654321Z"
            }""";
    static final String VALIDATION_EXAMPLE = """
            {
              "type": "urn:portwatch:problem:validation-failed",
              "title": "Invalid request fields",
              "status": 422,
              "detail": "Invalid value for: thresholds.heartRateHigh.",
              "instance": "/api/v1/patients/patient-0042",
              "errors": [{"field": "thresholds.heartRateHigh", "reason": "OUT_OF_RANGE",
                          "detail": "must be between 90 and 150"}]
            }""";
    static final String NOT_FOUND_EXAMPLE = """
            {"type": "urn:portwatch:problem:not-found", "title": "Not found", "status": 404,
             "detail": "No patient with this patientId.", "instance": "/api/v1/patients/patient-0042"}""";
    static final String FORBIDDEN_EXAMPLE = """
            {"type": "urn:portwatch:problem:forbidden", "title": "Not allowed", "status": 403,
             "detail": "Your care teams do not include this patient's care team.",
             "instance": "/api/v1/patients/patient-0042"}""";

    private final PatientService service;
    private final CareTeamAccess access;

    public PatientResource(PatientService service, CareTeamAccess access) {
        this.service = service;
        this.access = access;
    }

    @PUT
    @Path("/{patientId}")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Create or update a patient's profile",
            description = "Creates the profile (201) or replaces its fields (200). Thresholds not sent keep their value "
                    + "in force: the default for a new patient, the earlier setting otherwise; a threshold sent as null "
                    + "goes back to its default. `monitoring` defaults to true for a new (or discharged) patient and "
                    + "stays as it was otherwise. A discharged patient is admitted again. The detector gets the profile "
                    + "on `patients.profiles` within milliseconds (transactional outbox). A clinician needs the profile's "
                    + "care team in their token (else 403), and on an update also the team the patient is in now: a "
                    + "patient of another team gets exactly the 404 an unknown patient gets on GET. The answer carries "
                    + "`displayName` only for a clinician of the patient's team (administrators manage profiles, they "
                    + "do not read patient data).")
    @RequestBody(required = true, content = @Content(mediaType = MediaType.APPLICATION_JSON,
            schema = @Schema(implementation = PatientProfileInput.class),
            examples = {
                @ExampleObject(name = "defaults", summary = "New patient, default thresholds",
                        value = "{\"displayName\": \"J. Doe (bed 12)\", \"careTeamId\": \"oncology-day-unit\", "
                                + "\"portSite\": \"CHEST\", \"monitoring\": true}"),
                @ExampleObject(name = "thresholds", summary = "A higher heart-rate threshold for a patient with a known fast resting pulse",
                        value = "{\"displayName\": \"J. Doe (bed 12)\", \"careTeamId\": \"oncology-day-unit\", "
                                + "\"portSite\": \"CHEST\", \"monitoring\": true, \"thresholds\": {\"heartRateHigh\": 110}}")}))
    @APIResponse(responseCode = "201", description = "Created; every threshold in force",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = PatientView.class),
                    examples = @ExampleObject(name = "created", value = PROFILE_EXAMPLE)))
    @APIResponse(responseCode = "200", description = "Updated; every threshold in force",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = PatientView.class),
                    examples = @ExampleObject(name = "updated", value = PROFILE_EXAMPLE)))
    @APIResponse(responseCode = "400", description = "Malformed JSON")
    @APIResponse(responseCode = "401", description = "No valid token")
    @APIResponse(responseCode = "403", description = "A clinician without the care team named in the body",
            content = @Content(mediaType = Problem.MEDIA_TYPE,
                    examples = @ExampleObject(name = "forbidden", value = FORBIDDEN_EXAMPLE)))
    @APIResponse(responseCode = "404", description = "A clinician updating a patient of another care team: the answer "
            + "an unknown patient gets on GET, so it reveals nothing",
            content = @Content(mediaType = Problem.MEDIA_TYPE,
                    examples = @ExampleObject(name = "notFound", value = NOT_FOUND_EXAMPLE)))
    @APIResponse(responseCode = "409", description = "Created by another request at the same moment; send again")
    @APIResponse(responseCode = "422", description = "Invalid fields: ids, missing fields, unknown or out-of-range thresholds",
            content = @Content(mediaType = Problem.MEDIA_TYPE,
                    examples = @ExampleObject(name = "outOfRange", value = VALIDATION_EXAMPLE)))
    public Uni<Response> put(
            @Parameter(description = "The patient's opaque id", example = "patient-0042")
            @PathParam("patientId") @Pattern(regexp = Ids.PATTERN, message = Ids.MESSAGE) String patientId,
            @NotNull @Valid PatientProfileInput input, @Context UriInfo uri) {
        return service.save(patientId, input, access).map(saved -> saved.created()
                ? Response.created(uri.getAbsolutePath()).entity(saved.patient()).build()
                : Response.ok(saved.patient()).build());
    }

    @GET
    @Path("/{patientId}")
    @Operation(summary = "Read a patient's profile",
            description = "Every threshold in force, defaults filled in. A discharged patient shows `monitoring: false` "
                    + "and `dischargedAt`. A clinician gets 404 for a patient of another care team, as for an unknown one. "
                    + "`displayName` only for a clinician of the patient's team.")
    @APIResponse(responseCode = "200", description = "The profile",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = PatientView.class),
                    examples = @ExampleObject(name = "profile", value = PROFILE_EXAMPLE)))
    @APIResponse(responseCode = "401", description = "No valid token")
    @APIResponse(responseCode = "404", description = "No such patient, or not one of the caller's care teams",
            content = @Content(mediaType = Problem.MEDIA_TYPE,
                    examples = @ExampleObject(name = "notFound", value = NOT_FOUND_EXAMPLE)))
    public Uni<PatientView> get(
            @Parameter(description = "The patient's opaque id", example = "patient-0042")
            @PathParam("patientId") String patientId) {
        return service.find(patientId, access);
    }

    @GET
    @Operation(summary = "List patients",
            description = "By patientId, a page at a time. Administrators see every care team (or the one asked for), "
                    + "without display names; clinicians only their own teams (another team's id gives an empty page). "
                    + "Discharged patients only with includeDischarged=true.")
    @APIResponse(responseCode = "200", description = "One page",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = PatientPage.class),
                    examples = @ExampleObject(name = "page", value = "{\"items\": [" + PROFILE_EXAMPLE
                            + "], \"page\": 0, \"size\": 50, \"total\": 1}")))
    @APIResponse(responseCode = "401", description = "No valid token")
    @APIResponse(responseCode = "422", description = "page or size out of range")
    public Uni<PatientPage> list(
            @Parameter(description = "Only this care team", example = "oncology-day-unit")
            @QueryParam("careTeamId") String careTeamId,
            @Parameter(description = "Include discharged patients", example = "false")
            @QueryParam("includeDischarged") @DefaultValue("false") boolean includeDischarged,
            @Parameter(description = "Page number, from 0", example = "0")
            @QueryParam("page") @DefaultValue("0") @Min(0) int page,
            @Parameter(description = "Patients per page, 1-200", example = "50")
            @QueryParam("size") @DefaultValue("50") @Min(1) @Max(200) int size) {
        return service.list(careTeamId == null || careTeamId.isBlank() ? null : careTeamId, includeDischarged, page, size,
                access);
    }

    @DELETE
    @Path("/{patientId}")
    @Operation(summary = "Discharge a patient",
            description = "Ends monitoring: the profile stays for the record with `dischargedAt` and `monitoring: false`, "
                    + "and the detector gets a tombstone on `patients.profiles`. Idempotent. A later PUT admits the "
                    + "patient again.")
    @APIResponse(responseCode = "204", description = "Discharged")
    @APIResponse(responseCode = "401", description = "No valid token")
    @APIResponse(responseCode = "404", description = "No such patient, or not one of the caller's care teams",
            content = @Content(mediaType = Problem.MEDIA_TYPE,
                    examples = @ExampleObject(name = "notFound", value = NOT_FOUND_EXAMPLE)))
    public Uni<Response> discharge(
            @Parameter(description = "The patient's opaque id", example = "patient-0042")
            @PathParam("patientId") String patientId) {
        return service.discharge(patientId, access).replaceWith(Response.noContent().build());
    }
}
