package org.portwatch.local;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * A webhook receiver for the local stack, as a paging system would be: listens on loopback, registers itself
 * for a care team with the admin token of {@code .local/credentials.json}, checks each delivery's Standard Webhooks
 * signature ({@code webhook-signature: v1,<base64 HMAC-SHA256 of id.timestamp.body>}) and prints it. Ctrl-C
 * unregisters it. Run through {@code ./webhook-receiver.sh [--port N] [--care-team ID] [--escalation]}.
 */
public final class WebhookReceiver {

    private static final ObjectMapper JSON = new ObjectMapper();
    /** Standard Webhooks: deliveries older (or newer) than this are replays. */
    static final Duration TOLERANCE = Duration.ofMinutes(5);

    private final byte[] key;
    private final PrintStream out;

    WebhookReceiver(String secret, PrintStream out) {
        this.key = Base64.getDecoder().decode(secret.startsWith("whsec_") ? secret.substring(6) : secret);
        this.out = out;
    }

    /** The command line of {@code ./webhook-receiver.sh}. */
    @Command(name = "./webhook-receiver.sh", sortOptions = false, usageHelpWidth = 100,
            description = "Registers a signed webhook for a care team of the running local stack (./run-local.sh)"
                    + " and prints every delivery with its signature checked; Ctrl-C unregisters it.")
    static final class Cli implements Callable<Integer> {
        @Option(names = "--port", paramLabel = "N", defaultValue = "9099",
                description = "loopback port to listen on (default ${DEFAULT-VALUE})")
        int port;
        @Option(names = "--care-team", paramLabel = "ID",
                description = "the care team to register for (default: the first in .local/credentials.json)")
        String careTeam;
        @Option(names = "--escalation", description = "only escalations of unacknowledged alerts (the on-call feed)")
        boolean escalation;
        @Option(names = {"-h", "--help"}, usageHelp = true, description = "print this help and exit")
        boolean help;

        @Override
        public Integer call() throws Exception {
            return listen(port, careTeam, escalation ? "ESCALATION" : "CARE_TEAM");
        }
    }

    public static void main(String[] args) {
        int code = new CommandLine(new Cli()).execute(args);
        // After Ctrl-C the shutdown hooks are running: exiting again would wait for them forever.
        if (code != 0) {
            System.exit(code);
        }
    }

    /** Registers, listens until the JVM stops, unregisters: 0, or 1 when the registration was refused. */
    static int listen(int port, String careTeam, String audience) throws Exception {
        JsonNode credentials = JSON.readTree(Path.of(".local", "credentials.json").toFile());
        String alertUrl = credentials.path("alertUrl").asText();
        String admin = credentials.path("adminToken").asText();
        String team = careTeam != null ? careTeam
                : credentials.path("careTeams").path(0).path("careTeamId").asText();

        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 0);
        String url = "http://127.0.0.1:" + server.getAddress().getPort() + "/portwatch";
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        HttpResponse<String> created = http.send(HttpRequest.newBuilder(
                        URI.create(alertUrl + "/api/v1/care-teams/" + team + "/webhooks"))
                .header("Authorization", "Bearer " + admin).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(
                        java.util.Map.of("url", url, "audience", audience))))
                .build(), HttpResponse.BodyHandlers.ofString());
        if (created.statusCode() != 201) {
            System.err.println("Registering the webhook failed (" + created.statusCode() + "): " + created.body());
            return 1;
        }
        JsonNode webhook = JSON.readTree(created.body());
        String webhookId = webhook.path("id").asText();
        WebhookReceiver receiver = new WebhookReceiver(webhook.path("secret").asText(), System.out);
        server.createContext("/portwatch", receiver::handle);
        server.start();
        System.out.printf("Listening on %s for care team %s (%s webhook %s). Ctrl-C to stop.%n", url, team,
                audience, webhookId);

        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                http.send(HttpRequest.newBuilder(URI.create(alertUrl + "/api/v1/care-teams/" + team + "/webhooks/"
                                + webhookId)).header("Authorization", "Bearer " + admin).DELETE().build(),
                        HttpResponse.BodyHandlers.discarding());
                System.out.println("\nWebhook " + webhookId + " unregistered.");
            } catch (IOException | InterruptedException e) {
                System.out.println("\nCould not unregister webhook " + webhookId + ": " + e);
            }
            server.stop(0);
            stopped.countDown();
        }));
        stopped.await();
        return 0;
    }

    void handle(HttpExchange exchange) throws IOException {
        try (exchange; InputStream in = exchange.getRequestBody()) {
            byte[] body = in.readAllBytes();
            String id = exchange.getRequestHeaders().getFirst("webhook-id");
            String timestamp = exchange.getRequestHeaders().getFirst("webhook-timestamp");
            String signatures = exchange.getRequestHeaders().getFirst("webhook-signature");
            boolean valid = verify(id, timestamp, body, signatures, Instant.now());
            String line;
            try {
                // Standard Webhooks: {"type", "timestamp", "data": {alertId, condition, severity, ...}}.
                JsonNode n = JSON.readTree(body);
                JsonNode data = n.path("data");
                line = String.format("%s %-22s %-8s %-12s %-6s %s", n.path("timestamp").asText(), n.path("type").asText(),
                        data.path("severity").asText(), data.path("condition").asText(), data.path("patientLabel").asText(),
                        data.path("link").asText());
            } catch (IOException e) {
                line = "(not JSON)";
            }
            out.printf("[webhook] id=%s signature %s  %s%n", id, valid ? "OK " : "BAD", line);
            exchange.sendResponseHeaders(valid ? 204 : 401, -1);
        }
    }

    /** Standard Webhooks verification: any of the space-separated {@code v1,} signatures, timestamp within tolerance. */
    boolean verify(String id, String timestamp, byte[] body, String signatures, Instant now) {
        if (id == null || timestamp == null || signatures == null) {
            return false;
        }
        long seconds;
        try {
            seconds = Long.parseLong(timestamp);
        } catch (NumberFormatException e) {
            return false;
        }
        if (Math.abs(now.getEpochSecond() - seconds) > TOLERANCE.toSeconds()) {
            return false;
        }
        byte[] expected;
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            mac.update((id + "." + timestamp + ".").getBytes(StandardCharsets.UTF_8));
            expected = mac.doFinal(body);
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
        for (String signature : signatures.split(" ")) {
            if (signature.startsWith("v1,")) {
                byte[] given;
                try {
                    given = Base64.getDecoder().decode(signature.substring(3));
                } catch (IllegalArgumentException e) {
                    continue;
                }
                if (MessageDigest.isEqual(expected, given)) {
                    return true;
                }
            }
        }
        return false;
    }
}
