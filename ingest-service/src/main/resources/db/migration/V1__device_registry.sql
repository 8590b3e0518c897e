-- The device registry: which patient a device's readings belong to, and its credential.
-- Tokens are stored only as a SHA-256 hash; the raw token is shown once, at registration.
CREATE TABLE device (
    device_id   VARCHAR(64)  PRIMARY KEY,
    patient_id  VARCHAR(64)  NOT NULL,
    model       VARCHAR(100),
    token_hash  CHAR(64)     NOT NULL,
    created_at  TIMESTAMPTZ  NOT NULL,
    revoked_at  TIMESTAMPTZ,
    CONSTRAINT device_token_hash_key UNIQUE (token_hash)
);

CREATE INDEX device_patient_idx ON device (patient_id);
