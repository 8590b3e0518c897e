/**
 * Kafka plumbing several features share, reaching the brokers exactly as the service's consumers do:
 * {@link org.portwatch.alert.kafka.Admins} (admin clients from the service's {@code kafka.*} settings) and
 * {@link org.portwatch.alert.kafka.ConsumerBacklog} (a consumer group's backlog as SREs need it: what is not stored
 * yet, measured when scraped). Imports no feature package.
 */
package org.portwatch.alert.kafka;
