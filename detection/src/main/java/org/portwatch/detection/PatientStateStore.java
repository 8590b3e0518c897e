package org.portwatch.detection;

import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.kafka.streams.state.KeyValueStore;
import org.portwatch.detection.rules.PatientState;

/**
 * The detector's per-patient state as both processors read and write it. The store holds the bytes of
 * {@link PatientStateSerde}, serialized here once per write: the same bytes go to RocksDB, the changelog
 * and the state-size metric (serializing again only to measure would double the cost of a busy patient).
 * <p>
 * A patient whose readings come in a burst would otherwise be deserialized once per reading: the last
 * states written are kept as objects, each with the very byte array it was written as. The store's cache
 * hands back that same array until something else is written or the cache is dropped (a flush to RocksDB
 * and back, a restore), so an identity check says whether the object is still what the store holds. The
 * store stays the truth; this only skips re-reading bytes we wrote ourselves.
 */
final class PatientStateStore {

    private static final int KEPT_OBJECTS = 1024;

    private record Written(byte[] bytes, PatientState state) {
    }

    private final KeyValueStore<String, byte[]> store;
    private final DetectionMetrics metrics;
    private final Map<String, Written> recent = new LinkedHashMap<>(64, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Written> eldest) {
            return size() > KEPT_OBJECTS;
        }
    };

    PatientStateStore(KeyValueStore<String, byte[]> store, DetectionMetrics metrics) {
        this.store = store;
        this.metrics = metrics;
    }

    /** The patient's state, or a new empty one. */
    PatientState get(String patientId) {
        byte[] bytes = store.get(patientId);
        if (bytes == null) {
            recent.remove(patientId);
            return new PatientState();
        }
        Written written = recent.get(patientId);
        if (written != null && written.bytes() == bytes) {
            return written.state();
        }
        recent.remove(patientId);
        return PatientStateSerde.read(bytes);
    }

    /** Writes the state; every state taken from {@link #get} and changed must be written back. */
    void put(String patientId, PatientState state) {
        if (state.isEmpty()) {
            recent.remove(patientId);
            store.delete(patientId);
            return;
        }
        byte[] bytes = PatientStateSerde.write(state);
        store.put(patientId, bytes);
        recent.put(patientId, new Written(bytes, state));
        metrics.stateBytes(bytes.length);
    }
}
