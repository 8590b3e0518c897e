/**
 * Alerts of record: the {@code vitals.alerts} consumer that stores them exactly once per eventId, their lifecycle
 * (acknowledge, resolve, hand-over, transfer, discharge) with its timeline and audit, and the care-team API that lists
 * them. Every change's effects (timeline, feed event, notifications in the outbox) commit with it
 * ({@code AlertEffects}). Uses feed, notification, escalation (policies; it implements {@code EscalatedAlerts}) and
 * patient; nothing below it imports it.
 */
package org.portwatch.alert.alerts;
