package org.portwatch.local;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpResponse;
import java.util.LinkedHashMap;
import java.util.Map;

/** Registers devices through ingest-service's public API, as an administrator would. */
final class DeviceRegistrar {

    private final AdminApi api;
    private final URI devicesUri;

    DeviceRegistrar(URI ingestUrl, String adminToken) {
        this.devicesUri = URI.create(ingestUrl + "/api/v1/devices");
        this.api = new AdminApi(adminToken);
    }

    /**
     * Registers one device and returns its token (shown only in this answer).
     *
     * @throws StartupException if the device exists already (409) or the API refuses it
     */
    String register(String deviceId, String patientId, String model) throws StartupException, InterruptedException {
        Map<String, String> body = new LinkedHashMap<>();
        body.put("deviceId", deviceId);
        body.put("patientId", patientId);
        body.put("model", model);
        HttpResponse<String> response;
        try {
            response = api.send("POST", devicesUri, body);
        } catch (IOException e) {
            throw new StartupException("could not register device " + deviceId + " at " + devicesUri + ": " + e, e);
        }
        int status = response.statusCode();
        if (status == 409) {
            throw new StartupException("device " + deviceId + " is already registered (409). The local stack starts "
                    + "with a fresh database every time, so another ingest-service on this port is using another "
                    + "database: stop it and start again.");
        }
        if (status != 201 && status != 200) {
            throw new StartupException("registering device " + deviceId + " failed: HTTP " + status + " " + response.body());
        }
        try {
            JsonNode token = api.mapper().readTree(response.body()).get("token");
            if (token == null || !token.isTextual() || token.asText().isBlank()) {
                throw new StartupException("registering device " + deviceId + " answered " + status
                        + " without a token");
            }
            return token.asText();
        } catch (IOException e) {
            throw new StartupException("registering device " + deviceId + " answered " + status
                    + " with a body that is not JSON", e);
        }
    }
}
