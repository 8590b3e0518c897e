/**
 * Patients under monitoring: enrollment, thresholds and discharge through the care-team API, and the profile outbox
 * that publishes each change to the compacted {@code patients.profiles} topic for detection.
 */
package org.portwatch.alert.patient;
