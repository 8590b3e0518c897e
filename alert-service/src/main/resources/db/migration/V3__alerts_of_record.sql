-- Alerts of record: one row per alertId (deterministic from patient, condition, episode start), so a redelivered
-- or replayed event updates the same row. The care team is the patient's when the alert was raised.
CREATE TABLE alert (
    alert_id          UUID         PRIMARY KEY,
    patient_id        VARCHAR(64)  NOT NULL,
    care_team_id      VARCHAR(64),
    condition         VARCHAR(16)  NOT NULL,
    severity          VARCHAR(10)  NOT NULL CONSTRAINT alert_severity_check CHECK (severity IN ('LOW', 'MEDIUM', 'HIGH', 'CRITICAL')),
    status            VARCHAR(14)  NOT NULL CONSTRAINT alert_status_check CHECK (status IN ('OPEN', 'ACKNOWLEDGED', 'RESOLVED')),
    episode_start     TIMESTAMPTZ  NOT NULL,
    raised_at         TIMESTAMPTZ  NOT NULL,
    updated_at        TIMESTAMPTZ  NOT NULL,
    detected_late     BOOLEAN      NOT NULL DEFAULT FALSE,
    rule              TEXT,
    thresholds        JSONB,
    evidence          JSONB,
    acknowledged_by   VARCHAR(200),
    acknowledged_at   TIMESTAMPTZ,
    resolved_by       VARCHAR(200),
    resolved_at       TIMESTAMPTZ,
    -- When the next escalation to the on-call contacts is due; NULL once acknowledged or resolved.
    escalate_at       TIMESTAMPTZ,
    escalations       INTEGER      NOT NULL DEFAULT 0,
    version           BIGINT       NOT NULL DEFAULT 0
);
CREATE INDEX alert_team_status_idx ON alert (care_team_id, status, raised_at DESC);
CREATE INDEX alert_patient_idx ON alert (patient_id, raised_at DESC);
CREATE INDEX alert_escalate_idx ON alert (escalate_at) WHERE escalate_at IS NOT NULL;

-- Everything that happened to an alert, detector events and human actions alike. A detector event carries its
-- eventId, unique: the same event consumed twice is recorded (and notified) once.
CREATE TABLE alert_timeline (
    id         BIGINT       GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    alert_id   UUID         NOT NULL REFERENCES alert (alert_id),
    event_id   UUID         UNIQUE,
    kind       VARCHAR(20)  NOT NULL,
    severity   VARCHAR(10)  NOT NULL,
    at         TIMESTAMPTZ  NOT NULL,
    actor      VARCHAR(200),
    note       VARCHAR(2000),
    detail     VARCHAR(500)
);
CREATE INDEX alert_timeline_alert_idx ON alert_timeline (alert_id, id);

-- The live feed: one row per event a care team's screens should show, in commit order by id. The id is the SSE
-- event id, so a reconnecting client resumes with Last-Event-ID from the database, on any replica.
CREATE TABLE alert_feed (
    id            BIGINT       GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    care_team_id  VARCHAR(64)  NOT NULL,
    alert_id      UUID         NOT NULL,
    kind          VARCHAR(20)  NOT NULL,
    payload       JSONB        NOT NULL,
    created_at    TIMESTAMPTZ  NOT NULL DEFAULT now()
);
CREATE INDEX alert_feed_team_idx ON alert_feed (care_team_id, id);

-- Durable outbox of notifications: one row per (notification, channel, target), written in the transaction that
-- recorded the event; the unique key makes a redelivered event notify nobody twice. Rows are claimed with a lease
-- (FOR UPDATE SKIP LOCKED), so two replicas never send the same row at once.
CREATE TABLE notification_outbox (
    id               BIGINT       GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    notification_id  VARCHAR(64)  NOT NULL,
    channel          VARCHAR(10)  NOT NULL,
    target           VARCHAR(64)  NOT NULL,
    audience         VARCHAR(12)  NOT NULL,
    payload          JSONB        NOT NULL,
    status           VARCHAR(10)  NOT NULL DEFAULT 'PENDING'
                     CONSTRAINT notification_status_check CHECK (status IN ('PENDING', 'DELIVERED', 'FAILED', 'GONE')),
    attempts         INTEGER      NOT NULL DEFAULT 0,
    created_at       TIMESTAMPTZ  NOT NULL,
    -- When the event was decided (detector's detectedAt or the action's time): delivery latency starts here.
    occurred_at      TIMESTAMPTZ  NOT NULL,
    next_attempt_at  TIMESTAMPTZ  NOT NULL,
    lease_until      TIMESTAMPTZ,
    delivered_at     TIMESTAMPTZ,
    last_error       VARCHAR(500),
    CONSTRAINT notification_once UNIQUE (notification_id, channel, target)
);
CREATE INDEX notification_due_idx ON notification_outbox (next_attempt_at) WHERE status = 'PENDING';
CREATE INDEX notification_target_idx ON notification_outbox (channel, target, id);

-- Every delivery attempt, for the people who run the receivers (and for us).
CREATE TABLE notification_attempt (
    id           BIGINT       GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    outbox_id    BIGINT       NOT NULL REFERENCES notification_outbox (id) ON DELETE CASCADE,
    attempt      INTEGER      NOT NULL,
    at           TIMESTAMPTZ  NOT NULL,
    outcome      VARCHAR(10)  NOT NULL,
    http_status  INTEGER,
    duration_ms  INTEGER      NOT NULL,
    detail       VARCHAR(500)
);
CREATE INDEX notification_attempt_outbox_idx ON notification_attempt (outbox_id, attempt);

-- How a care team escalates what nobody acknowledged (CLINICAL.md: HIGH/CRITICAL after 5 min, MEDIUM after 15,
-- then every 5 min). contacts: the subjects (JWT sub) of the on-call clinicians whose devices get escalations.
CREATE TABLE escalation_policy (
    care_team_id          VARCHAR(64)   PRIMARY KEY,
    high_after_seconds    INTEGER       NOT NULL CHECK (high_after_seconds > 0),
    medium_after_seconds  INTEGER       NOT NULL CHECK (medium_after_seconds > 0),
    repeat_every_seconds  INTEGER       NOT NULL CHECK (repeat_every_seconds > 0),
    contacts              JSONB         NOT NULL DEFAULT '[]',
    updated_at            TIMESTAMPTZ   NOT NULL,
    updated_by            VARCHAR(200)  NOT NULL
);

-- The audit trail (AuditLog) was created here until its DDL moved beside AuditLog, into service-common's
-- db/audit/R__audit_entry.sql, the one definition of both services; beforeValidate__audit_ddl_moved.sql there
-- realigns this migration's checksum in databases migrated before.
