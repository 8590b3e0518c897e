-- Webhook signing secrets encrypted at rest and rotatable (issue 10).
-- The column now holds aesgcm:<keyId>:<base64(nonce || ciphertext || tag)> (SecretCipher), longer than the
-- plaintext it held. Existing plaintext secrets are encrypted by the service at startup (PlaintextSecrets), not
-- here: the key lives in the service's configuration (a Kubernetes Secret), and SQL could only encrypt with it by
-- putting the key into the statement (pgcrypto), where server logs and pg_stat_statements would keep it.
-- (Numbered 21, not 9: other branches of issue 10 add migrations at the same time; a gap is harmless to Flyway.)
ALTER TABLE webhook ALTER COLUMN secret TYPE TEXT;

-- After a rotation the former secret still signs, next to the new one, until previous_secret_until: the receiver
-- installs the new secret without losing a delivery. NULL: no rotation in progress.
ALTER TABLE webhook ADD COLUMN previous_secret TEXT;
ALTER TABLE webhook ADD COLUMN previous_secret_until TIMESTAMPTZ;
ALTER TABLE webhook ADD COLUMN secret_rotated_at TIMESTAMPTZ;
ALTER TABLE webhook ADD CONSTRAINT webhook_previous_secret_until CHECK ((previous_secret IS NULL) = (previous_secret_until IS NULL));
