/**
 * The patient timeline: every reading of {@code vitals.readings} kept in PostgreSQL for
 * {@code alerts.readings.retention} (table {@code reading}, partitioned by day), and the care team's
 * {@code GET /api/v1/patients/{patientId}/readings} that plots it with the patient's thresholds and alerts.
 *
 * <p>{@link org.portwatch.alert.readings.ReadingsConsumer} reads the topic in batches and hands each to
 * {@link org.portwatch.alert.readings.ReadingStore}, a bulk-tail engine: it writes through the raw reactive pool
 * (one {@code INSERT ... SELECT FROM unnest(...)} per batch, and the partition DDL), outside any Hibernate session,
 * because a Hibernate entity per reading is exactly the per-row cost a bulk tail must not pay. Offsets are committed
 * only after a batch is stored. {@link org.portwatch.alert.readings.ReadingPartitions} creates partitions ahead and
 * drops expired ones on a {@link org.portwatch.alert.work.PeriodicRounds} round. Reads go through
 * {@link org.portwatch.alert.readings.TimelineRepository} (the Hibernate Reactive session, no transaction).
 *
 * <p>Uses {@code kafka} (the backlog measurement), {@code patient} (the profile: care team and thresholds),
 * {@code security}, {@code work}; nothing imports it.
 */
package org.portwatch.alert.readings;
