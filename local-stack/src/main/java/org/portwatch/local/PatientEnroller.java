package org.portwatch.local;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpResponse;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Puts each patient under monitoring through alert-service's public API, as a care team would: the
 * detector then knows their care team and watches them for silence (NO_DATA) as well.
 */
final class PatientEnroller {

    private final AdminApi api;
    private final URI patientsUri;

    PatientEnroller(URI alertUrl, String adminToken) {
        this.patientsUri = URI.create(alertUrl + "/api/v1/patients/");
        this.api = new AdminApi(adminToken);
    }

    void enroll(String patientId, String displayName, String careTeamId) throws StartupException, InterruptedException {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("displayName", displayName);
        body.put("careTeamId", careTeamId);
        body.put("portSite", "CHEST");
        body.put("monitoring", true);
        HttpResponse<String> response;
        try {
            response = api.send("PUT", patientsUri.resolve(patientId), body);
        } catch (IOException e) {
            throw new StartupException("could not enroll patient " + patientId + " at " + patientsUri + ": " + e, e);
        }
        if (response.statusCode() != 201 && response.statusCode() != 200) {
            throw new StartupException("enrolling patient " + patientId + " failed: HTTP " + response.statusCode() + " "
                    + response.body());
        }
    }
}
