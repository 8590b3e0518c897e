/**
 * Escalation, in one place: the policy of each care team (when, how often, to whom), the scheduler that owns a
 * round (claims due alerts, decides the round's number, text and next due time, counts it) and the on-call contacts.
 * It reaches the alerts of record through {@link org.portwatch.alert.escalation.EscalatedAlerts}, which alerts
 * implements, and gives channels their on-call recipients by implementing notification's {@code OnCallContacts}.
 * Who is on call by a team's schedule (issue 11: shifts, level 1 → level 2 → charge nurse) it asks
 * {@link org.portwatch.alert.escalation.OnCallRoster}, which oncall implements.
 */
package org.portwatch.alert.escalation;
