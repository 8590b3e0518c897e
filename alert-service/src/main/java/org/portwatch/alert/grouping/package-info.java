/**
 * Inhibition and grouping (issue 11): while a patient's SEPSIS_RISK is open, their FEVER and TACHYCARDIA are its
 * group — linked under it, silent on their own, told through the parent's notifications. This package owns the rules
 * ({@link org.portwatch.alert.grouping.GroupRules}: who groups under whom, when a child notifies anyway), each care
 * team's setting (ON by default) with its API, and the metrics. The linking itself happens where alerts are recorded,
 * in the recording transaction: alerts implements {@link org.portwatch.alert.grouping.GroupedAlerts} and uses this
 * package, never the other way round.
 */
package org.portwatch.alert.grouping;
