-- Web Push subscriptions (RFC 8030): one row per browser or phone that asked for alerts, keyed by the push
-- service's endpoint URL, which is unique per browser profile and application server key. The owner and the care
-- teams are the token's at the last subscribe: the dashboard subscribes again on every start, which keeps them
-- current. p256dh and auth are what RFC 8291 encrypts each payload to.
CREATE TABLE push_subscription (
    id               UUID          PRIMARY KEY,
    endpoint         VARCHAR(2048) NOT NULL CONSTRAINT push_subscription_endpoint_key UNIQUE,
    p256dh           VARCHAR(100)  NOT NULL,
    auth             VARCHAR(32)   NOT NULL,
    -- When the browser said the subscription ends (PushSubscription.expirationTime); NULL for most browsers.
    expires_at       TIMESTAMPTZ,
    subject          VARCHAR(200)  NOT NULL,
    -- The care teams whose alerts this device gets.
    care_teams       TEXT[]        NOT NULL DEFAULT '{}',
    created_at       TIMESTAMPTZ   NOT NULL,
    updated_at       TIMESTAMPTZ   NOT NULL
);
CREATE INDEX push_subscription_subject_idx ON push_subscription (subject, created_at);
-- targets(): which devices watch a care team (care_teams @> ARRAY['team']).
CREATE INDEX push_subscription_teams_idx ON push_subscription USING GIN (care_teams);
