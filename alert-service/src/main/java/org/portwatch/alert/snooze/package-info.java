/**
 * Snooze and silence (issue 11): a clinician snoozes one alert of their team for 15 minutes to 4 hours (a CRITICAL
 * one for at most 30), or silences a patient's NO_DATA for a stated period (the device is charging, a planned
 * admission). Snoozed and silenced alerts stay visible and of record but do not notify or escalate; when the period
 * ends ({@link org.portwatch.alert.snooze.SnoozeRounds}, on {@link org.portwatch.alert.work.PeriodicRounds}) the
 * care team is told again if the alert is still open. The API, the limits ({@link org.portwatch.alert.snooze.SnoozeConfig}),
 * the silences' table ({@link org.portwatch.alert.snooze.SilenceRepository}), audit and metrics are here; the change of
 * each alert is alerts' {@code AlertSnoozes}, under the alert's row lock with its timeline and feed. Uses alerts
 * (which reaches this package only through the {@code Snoozing} interface it owns), patient, security, work.
 */
package org.portwatch.alert.snooze;
