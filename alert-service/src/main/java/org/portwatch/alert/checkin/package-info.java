/**
 * Symptom check-ins as the patient sent them (consumed from {@code patients.symptoms} in group
 * {@code alert-service-checkins}), so a SYMPTOM alert's detail can show the care team the patient's own words for
 * OTHER, which the alert itself does not carry, and the antipyretic doses patients report. Uses {@code database} (is
 * the schema migrated) and {@code medication} (the dose); {@code alerts} reads it.
 */
package org.portwatch.alert.checkin;
