package org.portwatch.ingest.reading;

/** Why one reading was not accepted: a bounded set, so it can be a metrics tag. */
public enum RejectionReason {
    MISSING_FIELD,
    UNKNOWN_TYPE,
    UNKNOWN_UNIT,
    UNIT_MISMATCH,
    NOT_A_NUMBER,
    /** Outside what a body can measure: a sensor fault, not a patient state (docs/clinical-rules.md input hygiene). */
    IMPLAUSIBLE_VALUE,
    INVALID_TIMESTAMP,
    IN_FUTURE,
    TOO_OLD,
    UNKNOWN_VALUE,
    INVALID_READING_ID,
    /** The device used this readingId for another measurement earlier in the same request (unique per device). */
    DUPLICATE_READING_ID
}
