package org.portwatch.model;

/** The wearer's activity when the reading was taken; a racing heart during exercise is not an alert. */
public enum Activity {
    RESTING,
    SLEEPING,
    ACTIVE,
    EXERCISE,
    UNKNOWN;

    /** Whether a fast heart rate is explained by movement (docs/clinical-rules.md rule 3: unknown counts as resting). */
    public boolean isActive() {
        return this == ACTIVE || this == EXERCISE;
    }
}
