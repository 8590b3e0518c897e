package org.portwatch.ingest.device;

/** A device whose token was verified: readings it sends belong to its registered patient. */
public record AuthenticatedDevice(String deviceId, String patientId) {
}
