-- The audit trail of the device registry (AuditLog): who registered or revoked which device, when.
-- The same shape as alert-service's, in this service's schema.
CREATE TABLE audit_entry (
    id           BIGINT        GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    at           TIMESTAMPTZ   NOT NULL,
    actor        VARCHAR(200)  NOT NULL,
    action       VARCHAR(64)   NOT NULL,
    target_type  VARCHAR(32)   NOT NULL,
    target_id    VARCHAR(128)  NOT NULL,
    details      JSONB         NOT NULL DEFAULT '{}'
);
CREATE INDEX audit_entry_at_idx ON audit_entry (at DESC, id DESC);
CREATE INDEX audit_entry_target_idx ON audit_entry (target_type, target_id, at DESC);
