-- Inhibition and grouping (issue 11): while a patient's SEPSIS_RISK is open, their open FEVER and TACHYCARDIA alerts
-- are linked under it and notify through it. grouped_under is the parent's alertId on a child; a released child
-- (the parent resolved, or the team switched grouping off) has it cleared, a child that resolved inside the group
-- keeps it as history.
ALTER TABLE alert ADD COLUMN grouped_under UUID REFERENCES alert (alert_id);
-- The parent lists its children, and a parent's resolution finds the ones to release: by this index.
CREATE INDEX alert_grouped_under_idx ON alert (grouped_under) WHERE grouped_under IS NOT NULL;

-- A care team's grouping setting; no row: the configured default (alerts.grouping.enabled-by-default, ON).
CREATE TABLE care_team_grouping (
    care_team_id  VARCHAR(64)   PRIMARY KEY,
    enabled       BOOLEAN       NOT NULL,
    updated_at    TIMESTAMPTZ   NOT NULL,
    updated_by    VARCHAR(200)  NOT NULL
);
