package org.portwatch.alert.feed;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;

/** A minimal Server-Sent Events client for tests: collects the events of one stream as they arrive. */
public final class SseClient implements AutoCloseable {

    /** One event as received; {@code id} and {@code name} may be null. */
    public record Event(String id, String name, String data) {
    }

    private final List<Event> events = new CopyOnWriteArrayList<>();
    private final List<String> comments = new CopyOnWriteArrayList<>();
    private final CompletableFuture<HttpResponse<Stream<String>>> response;
    private volatile Stream<String> lines;

    public SseClient(URI uri, String token, String lastEventId) {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).header("Accept", "text/event-stream")
                .header("Authorization", "Bearer " + token).timeout(Duration.ofMinutes(2));
        if (lastEventId != null) {
            request.header("Last-Event-ID", lastEventId);
        }
        response = HttpClient.newHttpClient().sendAsync(request.GET().build(), HttpResponse.BodyHandlers.ofLines());
        response.thenAcceptAsync(answer -> {
            lines = answer.body();
            String id = null;
            String name = null;
            List<String> data = new ArrayList<>();
            try {
                for (String line : (Iterable<String>) lines::iterator) {
                    if (line.isEmpty()) {
                        if (!data.isEmpty() || name != null) {
                            events.add(new Event(id, name, String.join("\n", data)));
                        }
                        id = null;
                        name = null;
                        data = new ArrayList<>();
                    } else if (line.startsWith(":")) {
                        comments.add(line.substring(1).strip());
                    } else if (line.startsWith("id:")) {
                        id = line.substring(3).strip();
                    } else if (line.startsWith("event:")) {
                        name = line.substring(6).strip();
                    } else if (line.startsWith("data:")) {
                        data.add(line.substring(5).strip());
                    }
                }
            } catch (RuntimeException closed) {
                // the stream was closed by the test or the server
            }
        });
    }

    public int status() {
        return response.join().statusCode();
    }

    public List<Event> events() {
        return List.copyOf(events);
    }

    public List<Event> alerts() {
        return events.stream().filter(e -> "alert".equals(e.name())).toList();
    }

    public boolean ready() {
        return events.stream().anyMatch(e -> "ready".equals(e.name()));
    }

    public List<String> comments() {
        return List.copyOf(comments);
    }

    @Override
    public void close() throws IOException {
        Stream<String> open = lines;
        if (open != null) {
            open.close();
        }
        response.cancel(true);
    }
}
