/**
 * Background work: periodic rounds with a timeout, counted when abandoned, released gracefully on shutdown. Every
 * background loop of the service runs on it.
 */
package org.portwatch.alert.work;
