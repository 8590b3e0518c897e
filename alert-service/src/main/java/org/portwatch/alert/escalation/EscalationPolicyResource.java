package org.portwatch.alert.escalation;

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
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.portwatch.model.Ids;
import org.portwatch.alert.security.CareTeamAccess;
import org.portwatch.service.problem.Problem;
import org.portwatch.service.problem.ProblemException;
import org.portwatch.service.problem.ProblemType;
import org.portwatch.service.security.ControlCharacters;

/** A care team's escalation policy: configuration, so administrators set it. */
@Path("/api/v1/care-teams/{careTeamId}/escalation-policy")
@RolesAllowed(CareTeamAccess.ROLE_ADMIN)
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Escalation", description = "Who is paged when nobody acknowledges an alert, and when (role admin)")
@SecurityRequirement(name = "jwt")
public class EscalationPolicyResource {

    private final Clock clock;

    static final Duration SHORTEST = Duration.ofSeconds(1);
    static final Duration LONGEST = Duration.ofHours(24);
    static final int MAX_CONTACTS = 50;

    /** The body of a PUT; a field left out keeps the value in force. Durations in ISO-8601 ("PT5M"). */
    public record PolicyInput(Duration highAfter, Duration mediumAfter, Duration repeatEvery, List<String> contacts) {
    }

    /** A policy as the API shows it: durations in ISO-8601, as they are sent. */
    public record PolicyView(String highAfter, String mediumAfter, String repeatEvery, List<String> contacts) {

        static PolicyView of(EscalationPolicy policy) {
            return new PolicyView(policy.highAfter().toString(), policy.mediumAfter().toString(),
                    policy.repeatEvery().toString(), policy.contacts());
        }
    }

    private final EscalationPolicies policies;
    private final CareTeamAccess access;

    public EscalationPolicyResource(EscalationPolicies policies, CareTeamAccess access, Clock clock) {
        this.clock = clock;
        this.policies = policies;
        this.access = access;
    }

    @GET
    @Operation(summary = "The escalation policy in force", description = "The care team's own, or the defaults.")
    public Uni<PolicyView> get(@PathParam("careTeamId") String careTeamId) {
        requireTeamId(careTeamId);
        return policies.inForce(careTeamId).map(PolicyView::of);
    }

    @PUT
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Set the escalation policy",
            description = "HIGH/CRITICAL alerts not acknowledged within highAfter, MEDIUM within mediumAfter, go to the "
                    + "contacts (subjects of on-call clinicians: their push subscriptions) and to the team's ESCALATION "
                    + "webhooks, and again every repeatEvery until acknowledged or resolved. Applies to alerts raised "
                    + "from now on.")
    public Uni<PolicyView> put(@PathParam("careTeamId") String careTeamId, @NotNull PolicyInput input) {
        requireTeamId(careTeamId);
        // The input's errors do not depend on the policy in force: checked here, so a bad body gets its 422 before
        // (and without) any database call.
        merge(policies.defaults(), input);
        String by = access.subject();
        Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
        return policies.update(careTeamId, current -> merge(current, input), by, now).map(PolicyView::of);
    }

    static EscalationPolicy merge(EscalationPolicy current, PolicyInput input) {
        List<Problem.FieldError> errors = new ArrayList<>();
        Duration high = duration("highAfter", input.highAfter(), current.highAfter(), errors);
        Duration medium = duration("mediumAfter", input.mediumAfter(), current.mediumAfter(), errors);
        Duration repeat = duration("repeatEvery", input.repeatEvery(), current.repeatEvery(), errors);
        List<String> contacts = current.contacts();
        if (input.contacts() != null) {
            LinkedHashSet<String> unique = new LinkedHashSet<>();
            for (String contact : input.contacts()) {
                if (contact == null || contact.isBlank() || contact.length() > 200
                        || ControlCharacters.contains(contact) || ControlCharacters.unpairedSurrogate(contact)) {
                    errors.add(new Problem.FieldError(null, "contacts", "INVALID",
                            "each contact is a subject of 1-200 characters without control characters"));
                    break;
                }
                unique.add(contact.strip());
            }
            if (unique.size() > MAX_CONTACTS) {
                errors.add(new Problem.FieldError(null, "contacts", "TOO_MANY", "at most " + MAX_CONTACTS + " contacts"));
            }
            contacts = List.copyOf(unique);
        }
        if (!errors.isEmpty()) {
            throw new ProblemException(ProblemType.VALIDATION_FAILED, "Invalid escalation policy.", errors, Map.of());
        }
        return new EscalationPolicy(high, medium, repeat, contacts);
    }

    private static Duration duration(String field, Duration given, Duration current, List<Problem.FieldError> errors) {
        if (given == null) {
            return current;
        }
        if (given.compareTo(SHORTEST) < 0 || given.compareTo(LONGEST) > 0) {
            errors.add(new Problem.FieldError(null, field, "OUT_OF_RANGE", "must be between PT1S and PT24H"));
            return current;
        }
        return given.truncatedTo(ChronoUnit.SECONDS);
    }

    /** A care team's id in the path of its settings (escalation policy, grouping): 422 naming it when invalid. */
    public static void requireTeamId(String careTeamId) {
        if (!Ids.isValid(careTeamId)) {
            throw new ProblemException(ProblemType.VALIDATION_FAILED, "Invalid careTeamId.",
                    List.of(new Problem.FieldError(null, "careTeamId", "INVALID", Ids.MESSAGE)), Map.of());
        }
    }
}
