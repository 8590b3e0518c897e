/**
 * Webhooks: a care team's registered endpoints, their signing secrets (encrypted at rest), the address guard that
 * keeps deliveries off internal networks, and the webhook channel.
 */
package org.portwatch.alert.notification.webhook;
