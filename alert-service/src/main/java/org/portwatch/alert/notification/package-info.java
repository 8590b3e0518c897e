/**
 * Notifications: the outbox written in the transaction that recorded an event ({@code NotificationOutbox}, its
 * statements in {@code NotificationOutboxRepository}), and the dispatcher (an outbox and
 * lease engine: rows claimed with leases through the raw reactive pool, outside any Hibernate session) that delivers
 * them through each {@code NotificationChannel} with backoff. Channels (push, webhook) live in subpackages; who is on
 * call comes through {@code OnCallContacts}, which escalation implements, so notification imports no feature package.
 */
package org.portwatch.alert.notification;
