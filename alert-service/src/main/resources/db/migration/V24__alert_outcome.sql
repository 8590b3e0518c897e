-- Was the alert actionable? (issue 11): the clinician who resolves an alert may say so; the alert keeps it for review,
-- portwatch_alerts_outcomes_total counts it. Null: not recorded (resolved by the detector, at discharge, or without).
ALTER TABLE alert ADD COLUMN outcome VARCHAR(20)
    CONSTRAINT alert_outcome_check CHECK (outcome IN ('ACTIONABLE', 'FALSE_ALARM', 'KNOWN_CONDITION', 'PATIENT_CONTACTED'));
