-- Every alert has an owner who can see it (CLINICAL.md revision 2): alerts of patients not yet enrolled are kept
-- unassigned (care_team_id NULL) for administrators and handed over at enrollment; open alerts follow a patient
-- to another care team; a discharge resolves them.

-- How an alert was closed. A clinician's resolution is final for that alert only: if the detector later sees the
-- episode at a higher severity, that is a new alert (superseded_by). A discharge ends monitoring: nothing follows.
ALTER TABLE alert ADD COLUMN resolution VARCHAR(12)
    CONSTRAINT alert_resolution_check CHECK (resolution IN ('DETECTOR', 'CLINICIAN', 'DISCHARGED'));
UPDATE alert SET resolution = CASE WHEN resolved_by IS NOT NULL THEN 'CLINICIAN' ELSE 'DETECTOR' END
    WHERE status = 'RESOLVED';
ALTER TABLE alert ADD CONSTRAINT alert_resolved_has_resolution
    CHECK ((status = 'RESOLVED') = (resolution IS NOT NULL));

-- The alert that carries the episode on after this one was resolved by a clinician: the detector's later events
-- for this alertId (further ESCALATED, RESOLVED) are recorded on it.
ALTER TABLE alert ADD COLUMN superseded_by UUID REFERENCES alert (alert_id);

-- Administrators' list and gauges of unassigned alerts; the handover looks them up by patient.
CREATE INDEX alert_unassigned_idx ON alert (patient_id, raised_at DESC) WHERE care_team_id IS NULL;

-- Nobody can be paged for an alert without a care team: its escalation starts when it is handed over.
UPDATE alert SET escalate_at = NULL WHERE care_team_id IS NULL;
