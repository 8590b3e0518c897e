package org.portwatch.loadgen;

/** A device registered for the run, with its ready-made Authorization header value. */
public record Device(String deviceId, String patientId, String token, String authorization) {

    public static Device of(String deviceId, String patientId, String token) {
        return new Device(deviceId, patientId, token, "Bearer " + token);
    }

    /** {@code load-<runId>-<i>}: fresh for every run, within ingest-service's 64-character id rule. */
    public static String deviceId(String runId, int i) {
        return "load-" + runId + "-" + i;
    }

    /** {@code load-<runId>-p<i>}: a synthetic patient; ingest-service keeps patient ids opaque. */
    public static String patientId(String runId, int i) {
        return "load-" + runId + "-p" + i;
    }
}
