/**
 * The audit trail of alert-service: {@link org.portwatch.alert.audit.AuditLog} writes service-common's
 * {@code AuditEntry} into the caller's Hibernate Reactive transaction (or one of its own, for reads).
 */
package org.portwatch.alert.audit;
