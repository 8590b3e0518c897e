package org.portwatch.alert.medication;

import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.ResponseStatus;
import org.portwatch.alert.security.CareTeamAccess;
import org.portwatch.service.problem.Problem;

/** Antipyretic doses of a patient: recorded and read by the clinicians of the patient's care team. */
@Path("/api/v1/patients/{patientId}/medications")
@RolesAllowed(CareTeamAccess.ROLE_CLINICIAN)
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Patients", description = "Monitoring profiles and per-patient detection thresholds (roles admin, clinician)")
@SecurityRequirement(name = "jwt")
public class MedicationResource {

    static final String DOSE_EXAMPLE = """
            {"doseId": "0f8e2c1a-6b7d-4c3e-9a1b-2d3c4e5f6a7b", "patientId": "patient-0042", "medication": "PARACETAMOL",
             "takenAt": "2026-11-30T06:00:00Z", "maskingUntil": "2026-11-30T12:00:00Z",
             "recordedAt": "2026-11-30T06:05:00Z", "recordedBy": "nurse-ann", "source": "CLINICIAN"}""";
    static final String INVALID_EXAMPLE = """
            {"type": "urn:portwatch:problem:validation-failed", "title": "Invalid request fields", "status": 422,
             "detail": "Invalid value for: medication.", "instance": "/api/v1/patients/patient-0042/medications",
             "errors": [{"field": "medication", "reason": "UNKNOWN_VALUE", "detail": "must be one of PARACETAMOL, IBUPROFEN, ASPIRIN, METAMIZOLE, OTHER_ANTIPYRETIC"}]}""";

    private final MedicationService service;
    private final CareTeamAccess access;

    public MedicationResource(MedicationService service, CareTeamAccess access) {
        this.service = service;
        this.access = access;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @ResponseStatus(201)
    @Operation(summary = "Record an antipyretic dose",
            description = "Paracetamol and the like can hide a fever for hours: a dose recorded here is shown on the "
                    + "patient's fever alerts and timeline with the time until which a temperature may read low "
                    + "(`maskingUntil`: 6 h for paracetamol and aspirin, 8 h for ibuprofen, metamizole and others). "
                    + "`takenAt` defaults to now; at most 5 minutes ahead and 7 days back. Clinicians of the patient's "
                    + "care team only (any other patient: 404). Audited (`patient.medication.record`). Detection is not "
                    + "changed by it.")
    @APIResponse(responseCode = "201", description = "Recorded",
            content = @Content(mediaType = MediaType.APPLICATION_JSON,
                    examples = @ExampleObject(name = "dose", value = DOSE_EXAMPLE)))
    @APIResponse(responseCode = "400", description = "Malformed JSON")
    @APIResponse(responseCode = "401", description = "No valid token")
    @APIResponse(responseCode = "403", description = "Not a clinician")
    @APIResponse(responseCode = "404", description = "No such patient, or not one of the caller's care teams")
    @APIResponse(responseCode = "422", description = "Unknown medication, or takenAt not an instant, ahead or too old; "
            + "nothing was recorded",
            content = @Content(mediaType = Problem.MEDIA_TYPE,
                    examples = @ExampleObject(name = "unknownMedication", value = INVALID_EXAMPLE)))
    public Uni<AntipyreticDose> record(
            @Parameter(description = "The patient's opaque id", example = "patient-0042")
            @PathParam("patientId") String patientId,
            MedicationService.DoseInput input) {
        return service.record(patientId, input, access);
    }

    @GET
    @Operation(summary = "A patient's antipyretic doses",
            description = "The doses taken in the last `days` (1-30, default 7), oldest first. Clinicians of the "
                    + "patient's care team only (any other patient: 404). Audited (`patient.medications.read`).")
    @APIResponse(responseCode = "200", description = "The doses")
    @APIResponse(responseCode = "401", description = "No valid token")
    @APIResponse(responseCode = "403", description = "Not a clinician")
    @APIResponse(responseCode = "404", description = "No such patient, or not one of the caller's care teams")
    @APIResponse(responseCode = "422", description = "days outside 1-30",
            content = @Content(mediaType = Problem.MEDIA_TYPE))
    public Uni<List<AntipyreticDose>> list(
            @Parameter(description = "The patient's opaque id", example = "patient-0042")
            @PathParam("patientId") String patientId,
            @Parameter(description = "How many days back, 1-30 (default 7)", example = "7")
            @QueryParam("days") Integer days) {
        return service.list(patientId, days, access);
    }
}
