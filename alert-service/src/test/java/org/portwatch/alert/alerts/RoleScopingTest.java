package org.portwatch.alert.alerts;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import java.time.Duration;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.portwatch.infra.testing.SharedInfra;
import org.portwatch.model.AlertEvent;
import org.portwatch.model.Severity;

/**
 * Issue 10 (API5): the administrator role grants configuration, not patient data. A token with both roles is scoped
 * by its care teams on every alert path, like any clinician's: another team's alert does not exist for it.
 */
@QuarkusTest
class RoleScopingTest {

    private static String adminAndClinician(String... careTeams) {
        return SharedInfra.jwt().token("dr-admin-" + UUID.randomUUID().toString().substring(0, 6),
                Set.of("admin", "clinician"), Set.of(careTeams), Duration.ofMinutes(10));
    }

    /** Status, content type and problem type and detail: what tells one 404 from another. */
    private static String comparable(Response response) {
        return response.statusCode() + " " + response.contentType() + " " + response.jsonPath().getString("type") + " "
                + response.jsonPath().getString("detail");
    }

    @Test
    void shouldScopeAnAdministratorWhoIsAlsoAClinicianByTheirCareTeamsOnDetailAcknowledgeAndResolve() {
        String team = AlertEvents.team();
        AlertEvent raised = AlertEvents.raised(AlertEvents.enrol(team), Severity.HIGH);
        AlertEvents.publish(raised);
        String owner = AlertEvents.clinician("dr-owner", team);
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> given().auth().oauth2(owner)
                .when().get("/api/v1/alerts/" + raised.alertId()).then().statusCode(200));

        String both = adminAndClinician(AlertEvents.team());
        String unknown = UUID.randomUUID().toString();
        String notFound = comparable(given().auth().oauth2(both).when().get("/api/v1/alerts/" + unknown));
        assertThat(notFound).startsWith("404 application/problem+json urn:portwatch:problem:not-found");

        assertThat(comparable(given().auth().oauth2(both).when().get("/api/v1/alerts/" + raised.alertId())))
                .isEqualTo(notFound);
        assertThat(comparable(given().auth().oauth2(both).contentType(ContentType.JSON).body("{}")
                .when().post("/api/v1/alerts/" + raised.alertId() + "/acknowledge"))).isEqualTo(notFound);
        assertThat(comparable(given().auth().oauth2(both).contentType(ContentType.JSON).body("{}")
                .when().post("/api/v1/alerts/" + raised.alertId() + "/resolve"))).isEqualTo(notFound);
        given().auth().oauth2(both).when().get("/api/v1/alerts")
                .then().statusCode(200).body("items.alertId", not(hasItem(raised.alertId())));

        // Nothing happened to the alert, and its team still acts on it.
        given().auth().oauth2(owner).when().get("/api/v1/alerts/" + raised.alertId())
                .then().statusCode(200).body("alert.status", equalTo("OPEN"))
                .body("timeline.kind", equalTo(java.util.List.of("RAISED")));
        // The same token with the alert's team is a clinician of it: it reads and acts.
        String bothOfTheTeam = adminAndClinician(team);
        given().auth().oauth2(bothOfTheTeam).when().get("/api/v1/alerts/" + raised.alertId())
                .then().statusCode(200).body("alert.patientName", equalTo("Jane Doe (bed 12)"));
        given().auth().oauth2(bothOfTheTeam).contentType(ContentType.JSON).body("{}")
                .when().post("/api/v1/alerts/" + raised.alertId() + "/acknowledge").then().statusCode(200);
    }

    @Test
    void shouldRefuseAlertsToAnAdministratorWhoIsNoClinician() {
        given().auth().oauth2(AlertEvents.admin()).when().get("/api/v1/alerts").then().statusCode(403);
        given().auth().oauth2(AlertEvents.admin()).when().get("/api/v1/alerts/" + UUID.randomUUID()).then().statusCode(403);
    }
}
