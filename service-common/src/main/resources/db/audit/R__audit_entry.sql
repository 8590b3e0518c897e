-- The audit trail (org.portwatch.service.audit.AuditLog, AuditResource): who did what to which thing, when.
-- Details name fields and ids, never patient data. The one definition for every service that keeps an audit
-- trail: each lists classpath:db/audit in quarkus.flyway.locations and gets the table in its own schema.
--
-- Repeatable, so it fits every service's version sequence, and idempotent: it runs after the service's versioned
-- migrations on an empty database, and is a no-op on one where an earlier release created the table (ingest's V2,
-- alert-service's V3). A change to the table is made here, idempotent too (ADD COLUMN IF NOT EXISTS, ...).
CREATE TABLE IF NOT EXISTS audit_entry (
    id           BIGINT        GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    at           TIMESTAMPTZ   NOT NULL,
    actor        VARCHAR(200)  NOT NULL,
    action       VARCHAR(64)   NOT NULL,
    target_type  VARCHAR(32)   NOT NULL,
    target_id    VARCHAR(128)  NOT NULL,
    details      JSONB         NOT NULL DEFAULT '{}'
);
CREATE INDEX IF NOT EXISTS audit_entry_at_idx ON audit_entry (at DESC, id DESC);
CREATE INDEX IF NOT EXISTS audit_entry_target_idx ON audit_entry (target_type, target_id, at DESC);
