package org.portwatch.ingest.fhir;

import jakarta.enterprise.context.ApplicationScoped;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The (device, identifier) pairs whose readings the broker acknowledged lately, oldest forgotten first. Only
 * acknowledged readings are remembered: an Observation answered 503 is not, so its retry is sent, never answered
 * "already seen" for data that is not on the broker.
 */
@ApplicationScoped
class RecentIdentifiers {

    private final Map<String, Boolean> seen;

    RecentIdentifiers(FhirConfig config) {
        int capacity = config.rememberedIdentifiers();
        this.seen = new LinkedHashMap<>(Math.min(capacity, 1024), 0.75f, false) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
                return size() > capacity;
            }
        };
    }

    synchronized boolean contains(String deviceId, String readingId) {
        return seen.containsKey(key(deviceId, readingId));
    }

    synchronized void remember(String deviceId, String readingId) {
        seen.put(key(deviceId, readingId), Boolean.TRUE);
    }

    synchronized int size() {
        return seen.size();
    }

    private static String key(String deviceId, String readingId) {
        return deviceId + '\u0000' + readingId;
    }
}
