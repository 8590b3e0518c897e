package org.portwatch.alert.readings;

import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.portwatch.alert.security.CareTeamAccess;
import org.portwatch.service.problem.Problem;

/** The patient timeline for the care team: readings over a range, with thresholds and alerts to mark them. */
@Path("/api/v1/patients/{patientId}/readings")
@RolesAllowed(CareTeamAccess.ROLE_CLINICIAN)
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Patients", description = "Monitoring profiles and per-patient detection thresholds (roles admin, clinician)")
@SecurityRequirement(name = "jwt")
public class TimelineResource {

    static final String TIMELINE_EXAMPLE = """
            {
              "patientId": "patient-0042",
              "from": "2026-11-29T08:00:00Z",
              "to": "2026-11-30T08:00:00Z",
              "resolution": "RAW",
              "series": [
                {"type": "BODY_TEMPERATURE", "unit": "Cel", "points": [
                  {"at": "2026-11-30T07:40:00Z", "value": 38.2, "min": 38.2, "max": 38.2, "count": 1}]},
                {"type": "HEART_RATE", "unit": "/min", "points": [
                  {"at": "2026-11-30T07:41:00Z", "value": 104, "min": 104, "max": 104, "count": 1}]}
              ],
              "thresholds": {"feverCelsius": 38.0, "highFeverCelsius": 38.3, "heartRateHigh": 100.0,
                             "heartRateCritical": 131.0, "sepsisHeartRate": 90.0},
              "alerts": [{"alertId": "7b0c5c1e-5d1a-3f5e-9a57-2d4b8e1f0c11", "condition": "FEVER", "severity": "MEDIUM",
                          "status": "OPEN", "episodeStart": "2026-11-30T07:10:00Z",
                          "raisedAt": "2026-11-30T07:40:05Z", "resolvedAt": null}]
            }""";
    static final String RANGE_EXAMPLE = """
            {"type": "urn:portwatch:problem:validation-failed", "title": "Invalid request fields", "status": 422,
             "detail": "Invalid value for: from.", "instance": "/api/v1/patients/patient-0042/readings",
             "errors": [{"field": "from", "reason": "RANGE_TOO_LONG", "detail": "the range may span at most 30 days"}]}""";

    private final TimelineService service;
    private final CareTeamAccess access;

    public TimelineResource(TimelineService service, CareTeamAccess access) {
        this.service = service;
        this.access = access;
    }

    @GET
    @Operation(summary = "A patient's readings over a range (the timeline)",
            description = "Temperature and heart rate as stored from `vitals.readings` (kept 30 days), with the patient's "
                    + "thresholds in force and the alerts overlapping the range. Up to 24 h every reading (`resolution: "
                    + "RAW`; 1-minute buckets, `PT1M`, when that would be more than 5,000 readings); up to 7 days "
                    + "15-minute buckets (`PT15M`), up to 30 days hourly (`PT1H`): then `value` is the bucket's average, "
                    + "with `min`, `max` and `count`. Off-body readings are left out. Clinicians of the patient's care "
                    + "team only: any other patient — another team's, or one not enrolled yet — is the 404 of an unknown "
                    + "patient. Each read is audited (`patient.readings.read`).")
    @APIResponse(responseCode = "200", description = "The timeline",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = Timeline.class),
                    examples = @ExampleObject(name = "raw", value = TIMELINE_EXAMPLE)))
    @APIResponse(responseCode = "401", description = "No valid token")
    @APIResponse(responseCode = "403", description = "Not a clinician")
    @APIResponse(responseCode = "404", description = "No such patient, or not one of the caller's care teams")
    @APIResponse(responseCode = "422", description = "from/to not ISO-8601 instants, to not after from, a range over 30 "
            + "days, or an unknown type; nothing was read",
            content = @Content(mediaType = Problem.MEDIA_TYPE,
                    examples = @ExampleObject(name = "rangeTooLong", value = RANGE_EXAMPLE)))
    public Uni<Timeline> readings(
            @Parameter(description = "The patient's opaque id", example = "patient-0042")
            @PathParam("patientId") String patientId,
            @Parameter(description = "Start, inclusive (ISO-8601 instant); default: 24 h before `to`",
                    example = "2026-11-29T08:00:00Z")
            @QueryParam("from") String from,
            @Parameter(description = "End, exclusive (ISO-8601 instant); default: now", example = "2026-11-30T08:00:00Z")
            @QueryParam("to") String to,
            @Parameter(description = "Only this vital sign: BODY_TEMPERATURE or HEART_RATE; default both",
                    example = "BODY_TEMPERATURE")
            @QueryParam("type") String type) {
        // Checked before anything is read: a bad range costs no database call.
        TimelineService.Query query = service.query(from, to, type);
        return service.timeline(patientId, query, access);
    }
}
