-- Patient monitoring profiles: which care team watches a patient, and the detection thresholds in force.
-- Discharge keeps the row (history) with discharged_at set; the detector gets a tombstone instead.
CREATE TABLE patient (
    patient_id     VARCHAR(64)  PRIMARY KEY,
    display_name   VARCHAR(200) NOT NULL,
    care_team_id   VARCHAR(64)  NOT NULL,
    port_site      VARCHAR(16)  NOT NULL CONSTRAINT patient_port_site_check CHECK (port_site IN ('CHEST', 'ARM', 'ABDOMEN')),
    monitoring     BOOLEAN      NOT NULL,
    -- Every threshold in force (org.portwatch.model.Thresholds as JSON), defaults filled in when set.
    thresholds     JSONB        NOT NULL,
    created_at     TIMESTAMPTZ  NOT NULL,
    updated_at     TIMESTAMPTZ  NOT NULL,
    discharged_at  TIMESTAMPTZ,
    CONSTRAINT patient_discharged_not_monitored CHECK (discharged_at IS NULL OR NOT monitoring)
);

-- Care-team views list their patients by id.
CREATE INDEX patient_care_team_idx ON patient (care_team_id, patient_id);
