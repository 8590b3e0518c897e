-- What patients reported at their symptom check-ins (patients.symptoms), kept for the care team: a SYMPTOM alert
-- carries only the symptoms and the length of an OTHER text (the alerts topic travels further than the need to
-- know); the team's clinicians read the patient's own words here, through the alert's detail (audited).
CREATE TABLE check_in (
    check_in_id  TEXT        NOT NULL,
    device_id    TEXT        NOT NULL,
    patient_id   TEXT        NOT NULL,
    -- Symptom names, comma-separated, in the model's order.
    symptoms     TEXT        NOT NULL,
    other_text   TEXT,
    reported_at  TIMESTAMPTZ NOT NULL,
    received_at  TIMESTAMPTZ NOT NULL,
    -- A check-in id is unique per device (ingest derives or takes it per device).
    PRIMARY KEY (device_id, check_in_id)
);

CREATE INDEX check_in_patient_time ON check_in (patient_id, reported_at);
