/**
 * Medication context (issue 11): antipyretic doses recorded for a patient ({@code POST/GET
 * /api/v1/patients/{id}/medications}), shown on fever alerts ({@code alerts}) and on the timeline ({@code readings}),
 * because an antipyretic can hide a fever for hours after it is taken. The detector is not told: its rules stay those of
 * docs/clinical-rules.md; a clinician reading a normal temperature learns it may be masked. Uses {@code patient} (whose
 * team may see the patient) and {@code security}; nothing here depends on {@code alerts} or {@code readings}.
 */
package org.portwatch.alert.medication;
