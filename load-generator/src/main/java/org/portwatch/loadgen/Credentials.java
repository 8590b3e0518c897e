package org.portwatch.loadgen;

import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** What the load generator takes from the local stack's {@code .local/credentials.json}. */
public record Credentials(String ingestUrl, String adminToken) {

    public static Credentials read(Path file) {
        String text;
        try {
            text = Files.readString(file);
        } catch (IOException e) {
            throw new Options.UsageException("cannot read credentials " + file + ": " + e
                    + " (start the stack with ./run-local.sh, or pass --credentials)");
        }
        return parse(text, file.toString());
    }

    static Credentials parse(String json, String source) {
        JsonObject o;
        try {
            o = new JsonObject(json);
        } catch (DecodeException e) {
            throw new Options.UsageException("credentials " + source + " are not JSON: " + e.getMessage());
        }
        return new Credentials(o.getString("ingestUrl"), o.getString("adminToken"));
    }
}
