package org.portwatch.alert.role;

/**
 * Fired once at startup in the roles that serve clinicians ({@code api}, {@code all}): what records, delivers and
 * escalates alerts observes it instead of Quarkus' StartupEvent, so in the {@code detector} role those beans are never
 * even created (no database pool, no webhook key, no VAPID key pair).
 */
public final class ApiStarting {

    public static final ApiStarting EVENT = new ApiStarting();

    private ApiStarting() {
    }
}
