/** Web Push (RFC 8030/8291/8292): clinicians' subscriptions, the VAPID key and the push channel. */
package org.portwatch.alert.notification.push;
