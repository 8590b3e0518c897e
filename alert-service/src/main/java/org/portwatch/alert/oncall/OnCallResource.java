package org.portwatch.alert.oncall;

import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.portwatch.alert.escalation.EscalationPolicyResource;
import org.portwatch.alert.security.CareTeamAccess;
import org.portwatch.service.problem.ProblemException;
import org.portwatch.service.problem.ProblemType;

/**
 * A care team's on-call schedule ({@code /on-call-schedule}): configuration, so administrators set it (as the
 * escalation policy); the team's clinicians may read it, to know who is paged when, and who is on call now
 * ({@code /on-call}, on the service clock, as escalation would page them). Another team's clinician gets 404, as for
 * its patients.
 */
@Path("/api/v1/care-teams/{careTeamId}")
@RolesAllowed({CareTeamAccess.ROLE_ADMIN, CareTeamAccess.ROLE_CLINICIAN})
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "On call", description = "Shifts and their escalation chain: level 1, level 2, charge nurse")
@SecurityRequirement(name = "jwt")
public class OnCallResource {

    private final OnCallSchedules schedules;
    private final CareTeamAccess access;
    private final Clock clock;

    public OnCallResource(OnCallSchedules schedules, CareTeamAccess access, Clock clock) {
        this.schedules = schedules;
        this.access = access;
        this.clock = clock;
    }

    @GET
    @Path("on-call")
    @Operation(summary = "Who is on call now",
            description = "The shift covering now (its start and end as instants) and its chain; when none does, the"
                    + " fallback escalation goes to: the escalation policy's contacts, or the whole team.")
    public Uni<OnCallNow> now(@PathParam("careTeamId") String careTeamId) {
        requireReadable(careTeamId, access);
        return schedules.now(careTeamId, clock.instant().truncatedTo(ChronoUnit.SECONDS));
    }

    @GET
    @Path("on-call-schedule")
    @Operation(summary = "The team's on-call schedule",
            description = "Empty shifts (and no timeZone): the team has none, escalation goes to its flat contacts.")
    public Uni<ScheduleInput> get(@PathParam("careTeamId") String careTeamId) {
        requireReadable(careTeamId, access);
        return schedules.inForce(careTeamId)
                .map(schedule -> schedule == null ? new ScheduleInput(null, List.of()) : ScheduleInput.of(schedule));
    }

    @PUT
    @Path("on-call-schedule")
    @RolesAllowed(CareTeamAccess.ROLE_ADMIN)
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Replace the team's on-call schedule",
            description = "An IANA timeZone and shifts: name, days (MONDAY…), local start and end (HH:mm; end not after"
                    + " start: into the next day), and the chain level1 (required), level2, chargeNurse (clinicians'"
                    + " subjects). Unacknowledged alerts go to level 1, then level 2, then the charge nurse; a level"
                    + " nobody can be reached at is skipped; a time no shift covers goes to the flat contacts."
                    + " Shifts must not overlap. [] removes the schedule.")
    public Uni<ScheduleInput> put(@PathParam("careTeamId") String careTeamId, @NotNull ScheduleInput input) {
        EscalationPolicyResource.requireTeamId(careTeamId);
        // Checked before any database call: a bad body gets its 422 and changes nothing.
        OnCallSchedule schedule = input.validated();
        Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
        return schedules.replace(careTeamId, schedule, access.subject(), now)
                .replaceWith(schedule.shifts().isEmpty() ? new ScheduleInput(null, List.of())
                        : ScheduleInput.of(schedule));
    }

    @DELETE
    @Path("on-call-schedule")
    @RolesAllowed(CareTeamAccess.ROLE_ADMIN)
    @Operation(summary = "Remove the team's on-call schedule", description = "Escalation goes to the flat contacts.")
    @APIResponse(responseCode = "204", description = "Removed (or there was none)")
    public Uni<Void> delete(@PathParam("careTeamId") String careTeamId) {
        EscalationPolicyResource.requireTeamId(careTeamId);
        return schedules.clear(careTeamId, access.subject(), clock.instant().truncatedTo(ChronoUnit.MICROS));
    }

    /** An administrator, or a clinician of the team; anyone else learns nothing of it (404). */
    private static void requireReadable(String careTeamId, CareTeamAccess access) {
        EscalationPolicyResource.requireTeamId(careTeamId);
        if (!access.canAccess(careTeamId)) {
            throw new ProblemException(ProblemType.NOT_FOUND, "No such care team of yours.");
        }
    }
}
