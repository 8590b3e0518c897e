package org.portwatch.alert.grouping;

import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
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
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.portwatch.alert.escalation.EscalationPolicyResource;
import org.portwatch.alert.security.CareTeamAccess;
import org.portwatch.service.problem.Problem;
import org.portwatch.service.problem.ProblemException;
import org.portwatch.service.problem.ProblemType;

/** A care team's grouping of alerts under SEPSIS_RISK: configuration, so administrators set it (as escalation). */
@Path("/api/v1/care-teams/{careTeamId}/grouping")
@RolesAllowed(CareTeamAccess.ROLE_ADMIN)
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Grouping", description = "Inhibition of FEVER and TACHYCARDIA under an open SEPSIS_RISK (role admin)")
@SecurityRequirement(name = "jwt")
public class GroupingResource {

    /** The body of a PUT. */
    public record GroupingInput(Boolean enabled) {
    }

    /** The setting in force; {@code teamSetting} false: the team has none of its own, this is the default. */
    public record GroupingView(boolean enabled, boolean teamSetting) {

        static GroupingView of(GroupingSettings.Setting setting) {
            return new GroupingView(setting.enabled(), setting.teamSetting());
        }
    }

    private final GroupingSettings settings;
    private final CareTeamAccess access;
    private final Clock clock;

    public GroupingResource(GroupingSettings settings, CareTeamAccess access, Clock clock) {
        this.settings = settings;
        this.access = access;
        this.clock = clock;
    }

    @GET
    @Operation(summary = "The grouping setting in force", description = "The care team's own, or the default (ON).")
    public Uni<GroupingView> get(@PathParam("careTeamId") String careTeamId) {
        EscalationPolicyResource.requireTeamId(careTeamId);
        return settings.inForce(careTeamId).map(GroupingView::of);
    }

    @PUT
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Switch grouping on or off",
            description = "ON: while a patient's SEPSIS_RISK is open, their FEVER and TACHYCARDIA alerts are linked "
                    + "under it and notify through it (one notification per patient group, updated as the group "
                    + "changes); a CRITICAL child, or one more severe than its parent, notifies anyway. OFF: every alert "
                    + "notifies on its own; grouped alerts open now are released and notify and escalate from now.")
    public Uni<GroupingView> put(@PathParam("careTeamId") String careTeamId, @NotNull GroupingInput input) {
        EscalationPolicyResource.requireTeamId(careTeamId);
        if (input.enabled() == null) {
            throw new ProblemException(ProblemType.VALIDATION_FAILED, "Invalid grouping setting.",
                    List.of(new Problem.FieldError(null, "enabled", "REQUIRED", "true or false")), Map.of());
        }
        Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
        return settings.update(careTeamId, input.enabled(), access.subject(), now).map(GroupingView::of);
    }
}
