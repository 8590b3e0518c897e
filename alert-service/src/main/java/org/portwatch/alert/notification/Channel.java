package org.portwatch.alert.notification;

/** How a notification leaves the service. A bounded set: it is a metric tag. */
public enum Channel {
    /** Signed HTTP POSTs to paging and messaging systems (Standard Webhooks). */
    WEBHOOK,
    /** Web Push (RFC 8030, VAPID RFC 8292, encrypted payload RFC 8291) to clinicians' browsers and phones. */
    PUSH
}
