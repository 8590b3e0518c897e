package org.portwatch.alert.oncall;

import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.time.Clock;
import java.time.temporal.ChronoUnit;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.portwatch.alert.security.CareTeamAccess;

/** Who is on call for a care team now (the service clock), as escalation would page them. */
@Path("/api/v1/care-teams/{careTeamId}/on-call")
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
    @Operation(summary = "Who is on call now",
            description = "The shift covering now (its start and end as instants) and its chain; when none does, the"
                    + " fallback escalation goes to: the escalation policy's contacts, or the whole team.")
    public Uni<OnCallNow> now(@PathParam("careTeamId") String careTeamId) {
        OnCallScheduleResource.requireReadable(careTeamId, access);
        return schedules.now(careTeamId, clock.instant().truncatedTo(ChronoUnit.SECONDS));
    }
}
