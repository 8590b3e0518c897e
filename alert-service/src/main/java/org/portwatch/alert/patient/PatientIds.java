package org.portwatch.alert.patient;

/**
 * Identifiers of patients and care teams: opaque, URL-safe and short, never names or record numbers a person
 * could read. The same shape as ingest's device and patient ids, so a patient registered for a device can be
 * monitored here under the same id.
 */
public final class PatientIds {

    public static final String PATTERN = "[A-Za-z0-9][A-Za-z0-9._:\\-]{0,63}";
    public static final String MESSAGE = "must be 1-64 letters, digits or . _ : - and start with a letter or digit";

    private PatientIds() {
    }
}
