package org.portwatch.alert.security;

import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonArray;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.time.Instant;
import java.util.Collection;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.eclipse.microprofile.jwt.JsonWebToken;

/**
 * What the person behind the current request may see: every patient ({@code admin}), or only the patients
 * of the care teams in their token ({@code clinician}, claim {@value #CARE_TEAMS_CLAIM}). ARCHITECTURE.md:
 * "a clinician sees and acts only on patients of their own care teams".
 *
 * <p>Request-scoped for resources ({@code @Inject CareTeamAccess access}); {@link #of(JsonWebToken)} builds one
 * from a token anywhere else (a WebSocket, a test). Values are read from the token once, so the object may be
 * used on any thread of the request's reactive chain.
 *
 * <p>Resources answer 404, not 403, when a clinician asks for a patient of another team: the answer must not
 * reveal that the patient exists.
 *
 * <p>Two questions, kept apart: {@link #canAccess} (may manage the configuration of a team's patients: profiles,
 * thresholds; administrators may) and {@link #canReadPatientData} (may see a patient's name and alerts: only a
 * clinician of the patient's team). README: administrators manage configuration, not patient data — so a token with
 * both roles is scoped as a clinician wherever patient data is touched.
 */
@RequestScoped
public class CareTeamAccess {

    public static final String ROLE_ADMIN = "admin";
    public static final String ROLE_CLINICIAN = "clinician";
    /** The identity provider's claim listing the care teams of a clinician: a JSON array of ids. */
    public static final String CARE_TEAMS_CLAIM = "care_teams";
    private static final String EXP_CLAIM = "exp";

    private final String subject;
    private final boolean admin;
    private final boolean clinician;
    private final Set<String> careTeams;
    private final Instant expiresAt;

    @Inject
    public CareTeamAccess(JsonWebToken jwt) {
        Set<String> groups = jwt == null || jwt.getGroups() == null ? Set.of() : jwt.getGroups();
        this.subject = jwt == null ? null : jwt.getSubject();
        this.admin = groups.contains(ROLE_ADMIN);
        this.clinician = groups.contains(ROLE_CLINICIAN);
        this.careTeams = jwt == null ? Set.of() : careTeamsOf(jwt.getClaim(CARE_TEAMS_CLAIM));
        this.expiresAt = jwt == null ? null : expiryOf(jwt.getClaim(EXP_CLAIM));
    }

    /** {@code exp} as smallrye-jwt hands it over (a Long, or a JSON number); null when absent. */
    private static Instant expiryOf(Object claim) {
        long seconds = claim instanceof Number number ? number.longValue()
                : claim instanceof jakarta.json.JsonNumber json ? json.longValue()
                : 0;
        return seconds > 0 ? Instant.ofEpochSecond(seconds) : null;
    }

    /** The access of the bearer of {@code jwt}, outside a request scope. */
    public static CareTeamAccess of(JsonWebToken jwt) {
        return new CareTeamAccess(jwt);
    }

    /** Administrators see and change every patient of every care team. */
    public boolean isAdmin() {
        return admin;
    }

    public boolean isClinician() {
        return clinician;
    }

    /** The care teams named in the token; may be empty (an administrator usually has none). Immutable. */
    public Set<String> careTeams() {
        return careTeams;
    }

    /**
     * Whether this person may manage the profiles (care team, thresholds, discharge) of the patients of
     * {@code careTeamId}: an administrator any team's, a clinician their own teams'.
     */
    public boolean canAccess(String careTeamId) {
        if (admin) {
            return true;
        }
        return canReadPatientData(careTeamId);
    }

    /**
     * Whether this person may read the patient data of {@code careTeamId}'s patients (display names, alerts and their
     * evidence) and act on their alerts: only as a clinician of that team, whatever other role the token holds.
     */
    public boolean canReadPatientData(String careTeamId) {
        return clinician && careTeamId != null && careTeams.contains(careTeamId);
    }

    /** When the token expires; null for a token without {@code exp} (smallrye-jwt refuses those). */
    public Instant expiresAt() {
        return expiresAt;
    }

    /**
     * The care teams a listing may show, for a caller who optionally asked for one team: empty for an administrator
     * who asked for none (no restriction), else the teams to filter by — possibly none at all, when a clinician asks
     * for a team that is not theirs (answer with an empty list, as for a team that does not exist).
     */
    public Optional<Set<String>> listableCareTeams(String requestedCareTeamId) {
        if (requestedCareTeamId == null) {
            return admin ? Optional.empty() : Optional.of(clinician ? careTeams : Set.of());
        }
        return Optional.of(canAccess(requestedCareTeamId) ? Set.of(requestedCareTeamId) : Set.of());
    }

    /** The token's subject, for audit lines: who did it. */
    public String subject() {
        return subject == null ? "unknown" : subject;
    }

    /**
     * Reads the care-teams claim whatever shape the JWT library hands it over in: a JSON array (smallrye-jwt's
     * form for custom claims), a collection of strings, or a single string.
     */
    static Set<String> careTeamsOf(Object claim) {
        Set<String> teams = new TreeSet<>();
        if (claim instanceof JsonArray array) {
            for (JsonValue value : array) {
                add(teams, value);
            }
        } else if (claim instanceof Collection<?> values) {
            for (Object value : values) {
                add(teams, value);
            }
        } else {
            add(teams, claim);
        }
        return Set.copyOf(teams);
    }

    private static void add(Set<String> teams, Object value) {
        String team = value instanceof JsonString json ? json.getString()
                : value instanceof String text ? text
                : null;
        if (team != null && !team.isBlank()) {
            teams.add(team.strip());
        }
    }
}
