-- Webhook receivers of a care team (paging and messaging systems), signed per Standard Webhooks. A deleted webhook
-- keeps its row (deleted_at): deliveries still in the outbox answer GONE, and its attempts stay inspectable.
-- The secret is kept as issued (whsec_...): signing needs the key itself, so it cannot be hashed like a password.
CREATE TABLE webhook (
    id            UUID           PRIMARY KEY,
    care_team_id  VARCHAR(64)    NOT NULL,
    url           VARCHAR(2000)  NOT NULL,
    audience      VARCHAR(12)    NOT NULL CONSTRAINT webhook_audience_check CHECK (audience IN ('CARE_TEAM', 'ESCALATION')),
    secret        VARCHAR(100)   NOT NULL,
    created_at    TIMESTAMPTZ    NOT NULL,
    created_by    VARCHAR(200)   NOT NULL,
    deleted_at    TIMESTAMPTZ,
    deleted_by    VARCHAR(200)
);
-- The dispatcher's question for every recorded event: which live webhooks has this team for this audience.
CREATE INDEX webhook_team_audience_idx ON webhook (care_team_id, audience) WHERE deleted_at IS NULL;
