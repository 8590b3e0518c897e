-- A push subscription lives as long as the token of the clinician who made or last renewed it, plus a grace
-- (notification.push.owner-grace): a clinician moved off a team, or no longer a clinician, stops getting the
-- team's alerts at the latest that long after their last token expired. The dashboard renews its owner's
-- subscriptions against the presented token at every visit (care teams replaced, expiry extended); expired ones
-- are not sent to and are pruned. (V9, not V8: another branch of issue 10 was adding V8 at the same time.)
ALTER TABLE push_subscription ADD COLUMN owner_valid_until TIMESTAMPTZ;
-- Rows from before this column: their tokens' expiry is unknown. A day gives every owner a dashboard visit to
-- renew them against a current token, instead of silencing every phone at the upgrade.
UPDATE push_subscription SET owner_valid_until = now() + interval '1 day';
ALTER TABLE push_subscription ALTER COLUMN owner_valid_until SET NOT NULL;
-- targets() leaves expired rows out; the pruner finds them by this.
CREATE INDEX push_subscription_owner_valid_until_idx ON push_subscription (owner_valid_until);
