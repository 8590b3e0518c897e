package org.portwatch.loadgen;

import java.util.Locale;

/** How the readings travel to ingest-service: the same readings, in our JSON or as FHIR R4 Observations. */
public enum Format {
    /** {@code {"readings": [...]}} to {@code POST /api/v1/readings}, answered 202 with the count accepted. */
    JSON("/api/v1/readings", "application/json", 202),
    /** A FHIR R4 batch Bundle to {@code POST /fhir/r4}, answered 200 with one "201 Created" per accepted entry. */
    FHIR("/fhir/r4", "application/fhir+json", 200);

    private final String path;
    private final String contentType;
    private final int success;

    Format(String path, String contentType, int success) {
        this.path = path;
        this.contentType = contentType;
        this.success = success;
    }

    public String path() {
        return path;
    }

    public String contentType() {
        return contentType;
    }

    /** The status of a request whose readings were taken. */
    public int success() {
        return success;
    }

    /** The readings an answer says were accepted; -1 when it does not say. */
    public int accepted(String body) {
        if (this == JSON) {
            return Stats.parseAccepted(body);
        }
        if (body == null) {
            return -1;
        }
        int count = 0;
        for (int i = body.indexOf("201 Created"); i >= 0; i = body.indexOf("201 Created", i + 11)) {
            count++;
        }
        return count;
    }

    static Format parse(String value) {
        try {
            return valueOf(value.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new Options.UsageException("--format must be json or fhir, not " + value);
        }
    }
}
