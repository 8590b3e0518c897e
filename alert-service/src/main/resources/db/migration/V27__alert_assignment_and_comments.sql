-- Assignment and notes (issue 11). An alert may be assigned to one clinician of its care team (their subject, as in
-- acknowledged_by): they are notified on their own devices, and the first escalation round goes to them. NULL: nobody.
-- assigned_at tells one assignment from the next (the notification's idempotency key includes it).
ALTER TABLE alert ADD COLUMN assignee VARCHAR(200);
ALTER TABLE alert ADD COLUMN assigned_at TIMESTAMPTZ;
ALTER TABLE alert ADD CONSTRAINT alert_assignee_with_time CHECK ((assignee IS NULL) = (assigned_at IS NULL));

-- The comment thread of an alert: clinicians' notes, oldest first (by id, in commit order of the inserts). Part of the
-- audit trail, so immutable: the API has no edit or delete, and the trigger below refuses both to anyone else too.
CREATE TABLE alert_comment (
    id        BIGINT        GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    alert_id  UUID          NOT NULL REFERENCES alert (alert_id),
    author    VARCHAR(200)  NOT NULL,
    at        TIMESTAMPTZ   NOT NULL,
    text      VARCHAR(2000) NOT NULL
);
CREATE INDEX alert_comment_alert_idx ON alert_comment (alert_id, id);

CREATE FUNCTION alert_comment_immutable() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'alert comments are immutable (audit trail)';
END;
$$;
CREATE TRIGGER alert_comment_no_change BEFORE UPDATE OR DELETE ON alert_comment
    FOR EACH ROW EXECUTE FUNCTION alert_comment_immutable();
