/**
 * Background work: {@link org.portwatch.alert.work.PeriodicRounds}, rounds every interval and at once when woken, one
 * at a time, abandoned and counted ({@code portwatch_rounds_abandoned_total{round}}) past
 * {@code alerts.rounds.timeout}, finished or released on shutdown. Every loop that holds work runs on it: escalation,
 * notification dispatch, push-subscription expiry, the readings history's partitions, the profile outbox, the live
 * feed's reads, poll, heartbeats and pruning. Left on a plain Vert.x timer, on purpose: the gauge refreshes of
 * {@code AlertMetrics} and {@code PushMetrics} (their reads, through repositories, run on
 * {@link org.portwatch.alert.work.PeriodicRounds#onOwnContext}, the safe duplicated context a Hibernate Reactive
 * session needs) and the detector's broker probe (a missed tick only leaves a gauge a tick older; there is nothing to
 * abandon, count or release), and the start-up retries of the schema migration and secret sealing (a backoff that ends
 * once they succeed, not a period).
 */
package org.portwatch.alert.work;
