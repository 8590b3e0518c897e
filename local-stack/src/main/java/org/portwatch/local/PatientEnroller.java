package org.portwatch.local;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.portwatch.model.Json;

/**
 * Puts each patient under monitoring through alert-service's public API, as a care team would: the
 * detector then knows their care team and watches them for silence (NO_DATA) as well.
 */
final class PatientEnroller {

    private final HttpClient client = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();
    private final ObjectMapper mapper = Json.mapper();
    private final URI patientsUri;
    private final String adminToken;

    PatientEnroller(URI alertUrl, String adminToken) {
        this.patientsUri = URI.create(alertUrl + "/api/v1/patients/");
        this.adminToken = adminToken;
    }

    void enroll(String patientId, String displayName, String careTeamId) throws StartupException, InterruptedException {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("displayName", displayName);
        body.put("careTeamId", careTeamId);
        body.put("portSite", "CHEST");
        body.put("monitoring", true);
        HttpResponse<String> response;
        try {
            HttpRequest request = HttpRequest.newBuilder(patientsUri.resolve(patientId))
                    .timeout(Duration.ofSeconds(30))
                    .header("Content-Type", "application/json")
                    .header("Authorization", "Bearer " + adminToken)
                    .PUT(HttpRequest.BodyPublishers.ofByteArray(mapper.writeValueAsBytes(body)))
                    .build();
            response = client.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new StartupException("could not enroll patient " + patientId + " at " + patientsUri + ": " + e, e);
        }
        if (response.statusCode() != 201 && response.statusCode() != 200) {
            throw new StartupException("enrolling patient " + patientId + " failed: HTTP " + response.statusCode() + " "
                    + response.body());
        }
    }
}
