-- Snooze and silence (issue 11). A snoozed alert stays visible and of record but neither notifies nor escalates until
-- snoozed_until; the snooze round then clears it and re-notifies the care team if the alert is still open. A silence
-- snoozes a patient's NO_DATA alerts (those open when it starts and those raised during it): silence_id names it.
ALTER TABLE alert
    ADD COLUMN snoozed_until TIMESTAMPTZ,
    ADD COLUMN snoozed_at    TIMESTAMPTZ,
    ADD COLUMN snoozed_by    VARCHAR(200),
    ADD COLUMN snooze_reason VARCHAR(500),
    ADD COLUMN silence_id    UUID;
-- The snooze round's claim: only snoozed alerts, oldest expiry first.
CREATE INDEX alert_snoozed ON alert (snoozed_until) WHERE snoozed_until IS NOT NULL;

CREATE TABLE alert_silence (
    silence_id   UUID         PRIMARY KEY,
    patient_id   VARCHAR(64)  NOT NULL,
    care_team_id VARCHAR(64)  NOT NULL,
    condition    VARCHAR(16)  NOT NULL CONSTRAINT alert_silence_condition_check CHECK (condition IN ('NO_DATA')),
    reason       VARCHAR(500) NOT NULL,
    created_by   VARCHAR(200) NOT NULL,
    created_at   TIMESTAMPTZ  NOT NULL,
    until        TIMESTAMPTZ  NOT NULL,
    ended_at     TIMESTAMPTZ,
    ended_by     VARCHAR(200),
    end_reason   VARCHAR(10)  CONSTRAINT alert_silence_end_reason_check CHECK (end_reason IN ('EXPIRED', 'ENDED'))
);
-- A patient's active silences (the recorder asks for each NO_DATA event; the list shows them).
CREATE INDEX alert_silence_active ON alert_silence (patient_id) WHERE ended_at IS NULL;
