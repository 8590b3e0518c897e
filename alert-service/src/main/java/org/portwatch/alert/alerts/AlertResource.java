package org.portwatch.alert.alerts;

import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.portwatch.alert.security.CareTeamAccess;
import org.portwatch.model.Severity;
import org.portwatch.service.problem.Problem;
import org.portwatch.service.problem.ProblemException;
import org.portwatch.service.problem.ProblemType;

/**
 * Alerts for the care team: the list, one alert with its evidence, acknowledge, resolve (the live feed is
 * {@code feed.FeedResource}).
 * Clinicians only: administrators manage configuration, not patient data — except the list of unassigned alerts
 * (patients not enrolled yet), which only administrators can act on, showing no patient data.
 */
@Path("/api/v1/alerts")
@RolesAllowed(CareTeamAccess.ROLE_CLINICIAN)
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Alerts", description = "Alerts of the caller's care teams (role clinician)")
@SecurityRequirement(name = "jwt")
public class AlertResource {

    private final AlertService service;
    private final CareTeamAccess access;

    public AlertResource(AlertService service, CareTeamAccess access) {
        this.service = service;
        this.access = access;
    }

    @GET
    @Operation(summary = "List alerts", description = "The caller's care teams' alerts, most severe first, then newest. "
            + "Filters combine; status and severity may repeat (status=OPEN&status=ACKNOWLEDGED).")
    @APIResponse(responseCode = "200", description = "One page: {items, total, page, size}")
    @APIResponse(responseCode = "422", description = "An unknown status or severity, or page/size out of range")
    public Uni<AlertPage> list(
            @Parameter(description = "OPEN, ACKNOWLEDGED or RESOLVED; repeatable") @QueryParam("status") List<String> status,
            @Parameter(description = "Only this patient") @QueryParam("patientId") String patientId,
            @Parameter(description = "LOW, MEDIUM, HIGH or CRITICAL; repeatable") @QueryParam("severity") List<String> severity,
            @QueryParam("page") @DefaultValue("0") @Min(0) @Max(100000) int page,
            @QueryParam("size") @DefaultValue("50") @Min(1) @Max(200) int size) {
        return service.list(filter(status, patientId, severity), page, size, access);
    }

    @GET
    @Path("/unassigned")
    @RolesAllowed(CareTeamAccess.ROLE_ADMIN)
    @Operation(summary = "List unassigned alerts (administrators)",
            description = "Alerts of patients who have no profile yet (the detector evaluates them with the default "
                    + "thresholds): kept and shown here until the patient is enrolled, when the open ones are handed "
                    + "to the care team (notified as RAISED). Only what an administrator needs to get the patient "
                    + "enrolled: ids, condition, severity, status and times; no name, no evidence. Same filters, order "
                    + "and paging as the care team's list.")
    @APIResponse(responseCode = "200", description = "One page: {items, total, page, size}")
    @APIResponse(responseCode = "403", description = "Not an administrator")
    @APIResponse(responseCode = "422", description = "An unknown status or severity, or page/size out of range")
    public Uni<UnassignedAlert.Page> unassigned(
            @Parameter(description = "OPEN, ACKNOWLEDGED or RESOLVED; repeatable") @QueryParam("status") List<String> status,
            @Parameter(description = "Only this patient") @QueryParam("patientId") String patientId,
            @Parameter(description = "LOW, MEDIUM, HIGH or CRITICAL; repeatable") @QueryParam("severity") List<String> severity,
            @QueryParam("page") @DefaultValue("0") @Min(0) @Max(100000) int page,
            @QueryParam("size") @DefaultValue("50") @Min(1) @Max(200) int size) {
        return service.unassigned(filter(status, patientId, severity), page, size);
    }

    private static AlertService.Filter filter(List<String> status, String patientId, List<String> severity) {
        List<Problem.FieldError> errors = new ArrayList<>();
        List<AlertStatus> statuses = parse(status, AlertStatus.class, "status", errors);
        List<Severity> severities = parse(severity, Severity.class, "severity", errors);
        if (!errors.isEmpty()) {
            throw new ProblemException(ProblemType.VALIDATION_FAILED, "Invalid filter.", errors, Map.of());
        }
        String patient = patientId == null || patientId.isBlank() ? null : patientId.strip();
        return new AlertService.Filter(statuses, patient, severities);
    }

    @GET
    @Path("/{alertId}")
    @Operation(summary = "One alert", description = "With the rule, its thresholds, the evidence (the readings that met "
            + "the rule) and the timeline of every event and action. Each read is audited.")
    @APIResponse(responseCode = "404", description = "No such alert, or not one of the caller's care teams")
    public Uni<AlertDetail> get(@PathParam("alertId") String alertId) {
        return service.find(alertId, access);
    }

    @POST
    @Path("/{alertId}/acknowledge")
    @Operation(summary = "Acknowledge: I own this", description = "Stops escalation. 409 when acknowledged or resolved already.")
    @APIResponse(responseCode = "409", description = "Acknowledged or resolved already")
    public Uni<AlertItem> acknowledge(@PathParam("alertId") String alertId, String body) {
        return service.acknowledge(alertId, AlertActionInput.noteOf(body), access);
    }

    @POST
    @Path("/{alertId}/resolve")
    @Operation(summary = "Resolve", description = "Closes the alert. Optional body {\"note\": \"...\", \"outcome\": "
            + "\"ACTIONABLE\"|\"FALSE_ALARM\"|\"KNOWN_CONDITION\"|\"PATIENT_CONTACTED\"}: was it actionable? (counted per "
            + "condition and severity in portwatch_alerts_outcomes_total). 409 when resolved already.")
    @APIResponse(responseCode = "409", description = "Resolved already")
    @APIResponse(responseCode = "422", description = "A note too long or with control characters, or an unknown outcome")
    public Uni<AlertItem> resolve(@PathParam("alertId") String alertId, String body) {
        // Both read before anything is looked up: a bad body costs no database call.
        String note = AlertActionInput.noteOf(body);
        return service.resolve(alertId, note, AlertActionInput.outcomeOf(body), access);
    }

    private static <E extends Enum<E>> List<E> parse(List<String> values, Class<E> type, String field,
            List<Problem.FieldError> errors) {
        if (values == null || values.isEmpty()) {
            return null;
        }
        List<E> parsed = new ArrayList<>();
        for (String value : values) {
            for (String part : value.split(",")) {
                if (part.isBlank()) {
                    continue;
                }
                try {
                    parsed.add(Enum.valueOf(type, part.strip().toUpperCase(Locale.ROOT)));
                } catch (IllegalArgumentException e) {
                    errors.add(new Problem.FieldError(null, field, "UNKNOWN_VALUE", "unknown " + field + " '" + part.strip()
                            + "'"));
                }
            }
        }
        return parsed;
    }
}
