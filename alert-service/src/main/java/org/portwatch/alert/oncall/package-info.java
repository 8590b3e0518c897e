/**
 * On-call schedules (issue 11): per care team, shifts in its time zone, each with an escalation chain (level 1,
 * level 2, charge nurse) that replaces the flat on-call contacts while the shift is on. Escalation asks it who is on
 * call through {@link org.portwatch.alert.escalation.OnCallRoster}, which it implements; it uses escalation's policies
 * (the fallback when no shift covers the time) and security. Nothing it uses imports it.
 */
package org.portwatch.alert.oncall;
