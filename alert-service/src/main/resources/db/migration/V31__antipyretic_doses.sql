-- Medication context (issue 11): antipyretic doses a clinician (or, later, the patient's app) recorded, shown on
-- fever alerts and the timeline, because paracetamol and the like can hide a fever for hours. A dose is a fact of
-- record: never updated; kept with the patient (a discharge does not delete monitoring history).
CREATE TABLE antipyretic_dose (
    dose_id     UUID        PRIMARY KEY,
    patient_id  TEXT        NOT NULL,
    medication  VARCHAR(24) NOT NULL
        CONSTRAINT antipyretic_dose_medication_check
        CHECK (medication IN ('PARACETAMOL', 'IBUPROFEN', 'ASPIRIN', 'METAMIZOLE', 'OTHER_ANTIPYRETIC')),
    taken_at    TIMESTAMPTZ NOT NULL,
    recorded_at TIMESTAMPTZ NOT NULL,
    recorded_by TEXT        NOT NULL,
    source      VARCHAR(12) NOT NULL CONSTRAINT antipyretic_dose_source_check CHECK (source IN ('CLINICIAN', 'PATIENT_APP'))
);

-- The one access path: a patient's doses over a time range (alert detail, timeline, list).
CREATE INDEX antipyretic_dose_patient_time ON antipyretic_dose (patient_id, taken_at);
