package org.portwatch.alert.patient;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.json.Json;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.junit.jupiter.api.Test;
import org.portwatch.alert.security.CareTeamAccess;

/** The rule every care-team API relies on; here because this module's security tests live with their first user. */
class CareTeamAccessTest {

    /** A token with these claims, as smallrye-jwt hands them over. */
    private static JsonWebToken token(String subject, Set<String> groups, Object careTeams) {
        Map<String, Object> claims = new HashMap<>();
        claims.put("sub", subject);
        claims.put("groups", groups);
        if (careTeams != null) {
            claims.put(CareTeamAccess.CARE_TEAMS_CLAIM, careTeams);
        }
        return new JsonWebToken() {
            @Override
            public String getName() {
                return subject;
            }

            @Override
            public Set<String> getClaimNames() {
                return claims.keySet();
            }

            @Override
            @SuppressWarnings("unchecked")
            public <T> T getClaim(String name) {
                return (T) claims.get(name);
            }
        };
    }

    @Test
    void shouldLetAClinicianAccessOnlyTheCareTeamsOfTheirToken() {
        CareTeamAccess access = CareTeamAccess.of(token("dr-grey", Set.of("clinician"),
                Json.createArrayBuilder().add("oncology-day-unit").add("dialysis-unit").build()));
        assertThat(access.isAdmin()).isFalse();
        assertThat(access.careTeams()).containsExactlyInAnyOrder("oncology-day-unit", "dialysis-unit");
        assertThat(access.canAccess("oncology-day-unit")).isTrue();
        assertThat(access.canAccess("cardiology")).isFalse();
        assertThat(access.canAccess(null)).isFalse();
        assertThat(access.subject()).isEqualTo("dr-grey");
        assertThat(access.listableCareTeams(null)).contains(Set.of("oncology-day-unit", "dialysis-unit"));
        assertThat(access.listableCareTeams("cardiology")).contains(Set.of());
    }

    @Test
    void shouldLetAnAdministratorAccessEveryCareTeam() {
        CareTeamAccess access = CareTeamAccess.of(token("admin", Set.of("admin"), null));
        assertThat(access.isAdmin()).isTrue();
        assertThat(access.careTeams()).isEmpty();
        assertThat(access.canAccess("any-team")).isTrue();
        assertThat(access.listableCareTeams(null)).isEqualTo(Optional.empty());
        assertThat(access.listableCareTeams("any-team")).contains(Set.of("any-team"));
    }

    @Test
    void shouldLetPatientDataBeReadOnlyByAClinicianOfTheTeamWhateverOtherRoleTheTokenHolds() {
        CareTeamAccess admin = CareTeamAccess.of(token("admin", Set.of("admin"), null));
        assertThat(admin.canReadPatientData("any-team")).isFalse();
        CareTeamAccess both = CareTeamAccess.of(token("dr-both", Set.of("admin", "clinician"),
                Json.createArrayBuilder().add("oncology-day-unit").build()));
        assertThat(both.canAccess("dialysis-unit")).as("configuration: the administrator role").isTrue();
        assertThat(both.canReadPatientData("dialysis-unit")).as("patient data: only the token's teams").isFalse();
        assertThat(both.canReadPatientData("oncology-day-unit")).isTrue();
        assertThat(both.canReadPatientData(null)).isFalse();
    }

    @Test
    void shouldReadTheCareTeamsClaimInEveryShapeAndGrantNothingWithoutARole() {
        assertThat(CareTeamAccess.of(token("a", Set.of("clinician"), List.of("t1", " ", "t2"))).careTeams())
                .containsExactlyInAnyOrder("t1", "t2");
        assertThat(CareTeamAccess.of(token("a", Set.of("clinician"), "t1")).careTeams()).containsExactly("t1");
        assertThat(CareTeamAccess.of(token("a", Set.of("clinician"), null)).careTeams()).isEmpty();
        CareTeamAccess noRole = CareTeamAccess.of(token("a", Set.of(), List.of("t1")));
        assertThat(noRole.canAccess("t1")).isFalse();
        assertThat(noRole.listableCareTeams(null)).contains(Set.of());
    }
}
