package org.portwatch.alert.role;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * What one alert-service process runs (docs/operations.md, "Two roles"). One artifact, three ways to run it: at scale
 * the detector wants stable members, standby replicas and local disk (a StatefulSet), the API wants to scale on CPU
 * (a Deployment with an HPA); the local run and the tests keep everything in one process.
 */
public enum Role {

    /** The Kafka Streams detection topology only: health and metrics on the management interface, nothing else. */
    DETECTOR,
    /** Everything but detection: care-team API and dashboard, alerts of record, notifications, periodic rounds. */
    API,
    /** Both, in one process: the local run and every test. */
    ALL;

    /** The property, and its environment variable. */
    public static final String PROPERTY = "portwatch.role";
    public static final String ENVIRONMENT = "PORTWATCH_ROLE";

    /** Whether this role runs the Kafka Streams detector. */
    public boolean runsDetector() {
        return this != API;
    }

    /** Whether this role serves clinicians and runs what records and delivers alerts. */
    public boolean runsApi() {
        return this != DETECTOR;
    }

    /** As configured and as shown in the {@code role} tag: lower case. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * The role a configured value names, exactly as written in lower case: a misspelt role must stop the process
     * before it runs the wrong half of the service (an "API" that silently ran as {@code all} would start a second
     * detector), so nothing is guessed.
     */
    public static Role parse(String value) {
        for (Role role : values()) {
            if (role.label().equals(value)) {
                return role;
            }
        }
        throw new IllegalArgumentException(PROPERTY + " (" + ENVIRONMENT + ") is '" + value + "': it must be one of "
                + Arrays.stream(values()).map(Role::label).collect(Collectors.joining(", "))
                + " (detector: Kafka Streams detection only; api: everything else; all: both, as the local run)");
    }
}
