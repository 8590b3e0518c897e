/**
 * Escalation, in one place: the policy of each care team (when, how often, to whom), the scheduler that owns a
 * round (claims due alerts, decides the round's number, text and next due time, counts it) and the on-call contacts.
 * It reaches the alerts of record through {@link org.portwatch.alert.escalation.EscalatedAlerts}, which alerts
 * implements, and gives channels their on-call recipients by implementing notification's {@code OnCallContacts}.
 */
package org.portwatch.alert.escalation;
