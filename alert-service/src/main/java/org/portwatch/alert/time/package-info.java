/** The service's one {@link java.time.Clock}: every instant alert-service decides with comes from it. */
package org.portwatch.alert.time;
