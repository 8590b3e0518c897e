/**
 * Patients under monitoring: enrollment, thresholds and discharge through the care-team API, and the profile outbox
 * that publishes each change to the compacted {@code patients.profiles} topic for detection. The outbox publisher
 * is an outbox engine: it claims, sends and deletes batches through the raw reactive pool under an advisory lock,
 * outside any Hibernate session.
 */
package org.portwatch.alert.patient;
