package org.portwatch.local;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.portwatch.model.Json;

/** Calls the services' public APIs with the admin token, as an administrator's tool would. */
final class AdminApi {

    private final HttpClient client = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();
    private final ObjectMapper mapper = Json.mapper();
    private final String adminToken;

    AdminApi(String adminToken) {
        this.adminToken = adminToken;
    }

    ObjectMapper mapper() {
        return mapper;
    }

    /** Sends a JSON body with {@code method} (POST, PUT) to {@code uri}; IO problems become IOException. */
    HttpResponse<String> send(String method, URI uri, Object body) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(uri)
                .timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json")
                .header("Accept", "application/json")
                .header("Authorization", "Bearer " + adminToken)
                .method(method, HttpRequest.BodyPublishers.ofByteArray(mapper.writeValueAsBytes(body)))
                .build();
        return client.send(request, HttpResponse.BodyHandlers.ofString());
    }
}
