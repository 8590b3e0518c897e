package org.portwatch.model;

/** What the sensor says of its own contact with the body. */
public enum SensorStatus {
    ON_BODY,
    /** Accepted and stored, but ignored by detection: the sensor measured the room, not the patient. */
    OFF_BODY,
    UNKNOWN
}
