/** The schema: Flyway migration at start-up, retried while PostgreSQL is not there yet. */
package org.portwatch.alert.database;
