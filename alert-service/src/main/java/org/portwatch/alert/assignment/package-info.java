/**
 * Assignment and notes (issue 11): an alert assigned to one clinician of its care team (who is told on their own
 * devices, and is paged first when it escalates), reassigned or unassigned; and the care team's comment thread on the
 * alert, immutable like the rest of the audit trail. It reaches the alerts of record through
 * {@link org.portwatch.alert.assignment.AssignableAlerts}, which alerts implements (as escalation does with
 * {@code EscalatedAlerts}); alerts shows the thread in an alert's detail. Uses notification and security; nothing it
 * uses imports it.
 */
package org.portwatch.alert.assignment;
