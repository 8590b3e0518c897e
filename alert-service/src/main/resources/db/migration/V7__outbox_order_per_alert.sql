-- Deliveries to one target stay in order per alert: the dispatcher claims a row only when no earlier row of the
-- same alert for the same target is still pending. This index answers that question without scanning the outbox.
CREATE INDEX notification_outbox_pending_alert
    ON notification_outbox (channel, target, (payload ->> 'alertId'), id)
    WHERE status = 'PENDING';
