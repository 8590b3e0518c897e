package org.portwatch.ingest.symptom;

/** Why a check-in was refused: a bounded set, so it can be a metrics tag, and the {@code reason} of its field error. */
public enum CheckInRejection {
    MISSING_FIELD,
    NO_SYMPTOM,
    UNKNOWN_SYMPTOM,
    DUPLICATE_SYMPTOM,
    /** OTHER without a text to say what it is. */
    TEXT_REQUIRED,
    /** A text without OTHER: it would describe nothing. */
    TEXT_WITHOUT_OTHER,
    TEXT_TOO_LONG,
    /** Control characters (but line breaks and tabs) or an unpaired surrogate half. */
    INVALID_TEXT,
    INVALID_TIMESTAMP,
    IN_FUTURE,
    TOO_OLD,
    INVALID_CHECK_IN_ID,
    /** An antipyretic not in the list. */
    UNKNOWN_MEDICATION
}
