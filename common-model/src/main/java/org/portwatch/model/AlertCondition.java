package org.portwatch.model;

/** What an alert is about (docs/clinical-rules.md rules 1–5). */
public enum AlertCondition {
    FEVER,
    TACHYCARDIA,
    SEPSIS_RISK,
    NO_DATA
}
