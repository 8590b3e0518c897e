package org.portwatch.alert.role;

/** Fired once at startup in the roles that run the Kafka Streams detector ({@code detector}, {@code all}). */
public final class DetectorStarting {

    public static final DetectorStarting EVENT = new DetectorStarting();

    private DetectorStarting() {
    }
}
