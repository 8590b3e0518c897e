/**
 * Alerts of record: the {@code vitals.alerts} consumer that stores them exactly once per eventId, their lifecycle
 * (acknowledge, resolve, hand-over, transfer, discharge) with its timeline and audit, and the care-team API that lists
 * them. Every change's effects (timeline, feed event, notifications in the outbox) commit with it
 * ({@code AlertEffects}). Uses feed, notification, escalation (policies; it implements {@code EscalatedAlerts}) and
 * patient; nothing below it imports it.
 *
 * <p>Persistence, one style for the whole service: statements in repositories ({@code AlertRepository} here), the
 * transaction in the service method — {@code @WithTransaction} where the whole method is the transaction, its
 * programmatic form {@code Panache.withTransaction} (the same mechanism) where the method first validates its input,
 * so that bad input gets its 4xx without a database, or acts after the commit (waking feed and dispatcher). Reads take
 * a session and no transaction.
 */
package org.portwatch.alert.alerts;
