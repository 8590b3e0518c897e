package org.portwatch.detection;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Monitored patients filed by the wall-clock time their NO_DATA check is due, in a changelogged store
 * whose keys (due time, big-endian, then patientId) sort by due time: a punctuation reads only the
 * patients that are due, never every profile. Filing is lazy: a patient is filed once, and a check that
 * finds newer readings files them again under the later time, so a steady stream of readings costs no
 * index write at all.
 */
final class NoDataIndex {

    /** What one punctuation takes on at most; the rest waits for the next (due is "at least 30 min silent"). */
    static final int MAX_PER_CHECK = 20_000;
    private static final byte[] PRESENT = new byte[0];

    private final KeyValueStore<Bytes, byte[]> store;

    NoDataIndex(KeyValueStore<Bytes, byte[]> store) {
        this.store = store;
    }

    void file(String patientId, long due) {
        store.put(key(due, patientId), PRESENT);
    }

    void remove(String patientId, long due) {
        store.delete(key(due, patientId));
    }

    record Due(long due, String patientId) {
    }

    /** Patients due at or before {@code now}, earliest first, at most {@link #MAX_PER_CHECK}. */
    List<Due> dueBy(long now) {
        List<Due> due = new ArrayList<>();
        try (KeyValueIterator<Bytes, byte[]> all = store.all()) {
            while (all.hasNext() && due.size() < MAX_PER_CHECK) {
                KeyValue<Bytes, byte[]> entry = all.next();
                ByteBuffer key = ByteBuffer.wrap(entry.key.get());
                long at = key.getLong();
                if (at > now) {
                    break;
                }
                byte[] id = new byte[key.remaining()];
                key.get(id);
                due.add(new Due(at, new String(id, StandardCharsets.UTF_8)));
            }
        }
        return due;
    }

    private static Bytes key(long due, String patientId) {
        byte[] id = patientId.getBytes(StandardCharsets.UTF_8);
        // Due times are positive epoch milliseconds, so big-endian bytes sort as the numbers do.
        return Bytes.wrap(ByteBuffer.allocate(8 + id.length).putLong(Math.max(0, due)).put(id).array());
    }
}
