/** The detector role's wiring: the Kafka Streams topology of module detection, and its health and liveness. */
package org.portwatch.alert.detection;
