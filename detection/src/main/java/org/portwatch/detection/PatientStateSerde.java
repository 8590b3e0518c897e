package org.portwatch.detection;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;
import org.portwatch.detection.rules.PatientState;
import org.portwatch.detection.rules.PatientStates;
import org.portwatch.detection.rules.Sample;
import org.portwatch.detection.rules.Tracked;
import org.portwatch.model.AlertCondition;
import org.portwatch.model.Severity;

/**
 * A compact binary form of {@link PatientState}: the state is written to RocksDB and its changelog on every
 * reading that changes it, so bytes per patient decide the detector's cost. An entry is a few bytes
 * (time offsets as variable-length integers, values as hundredths where that is exact, else the full
 * double: values are never rounded, docs/clinical-rules.md revision 2). Reading ids are kept for at most
 * {@link #MAX_ID_BYTES} bytes per patient, the newest first. Versioned so the format can evolve.
 */
public class PatientStateSerde implements Serde<PatientState> {

    private static final byte VERSION = 2;
    /** Reading ids kept for evidence, per patient; beyond it evidence names a reading by type and time. */
    static final int MAX_ID_BYTES = 4096;
    private static final int VALUE_AS_DOUBLE = 0x10;
    private static final int HAS_MAX = 0x20;
    private static final int MAX_AS_DOUBLE = 0x40;
    private static final int HAS_ID = 0x80;
    private static final int RESOLVED = 1;
    private static final int WITHDRAWN = 2;
    private static final int PINNED = 4;

    @Override
    public Serializer<PatientState> serializer() {
        return (topic, state) -> state == null ? null : write(state);
    }

    @Override
    public Deserializer<PatientState> deserializer() {
        return (topic, bytes) -> bytes == null ? null : read(bytes);
    }

    static byte[] write(PatientState state) {
        Out out = new Out(64 + (state.temperatures().size() + state.heartRates().size()) * 16);
            out.writeByte(VERSION);
            out.writeLong(state.lastReceivedAt());
            out.writeLong(state.lastLiveAt());
            out.writeLong(state.noDataDue());
            int idBudget = MAX_ID_BYTES;
            idBudget = writeSamples(out, state.heartRates(), idBudget);
            writeSamples(out, state.temperatures(), idBudget);
            writeVarInt(out, state.tracked().size());
            for (Tracked tracked : state.tracked()) {
                out.writeByte(tracked.condition().ordinal());
                out.writeLong(tracked.start());
                writeVarLong(out, tracked.key() - tracked.start());
                out.writeByte(tracked.severity().ordinal());
                out.writeByte((tracked.resolved() ? RESOLVED : 0) | (tracked.withdrawn() ? WITHDRAWN : 0)
                        | (tracked.pinned() ? PINNED : 0));
                if (tracked.resolved()) {
                    out.writeLong(tracked.end());
                }
                if (tracked.pinned()) {
                    out.writeLong(tracked.since());
                }
            }
        return out.toByteArray();
    }

    /**
     * An unsynchronized growable buffer: the state is written on every reading that changes it, and
     * {@code DataOutputStream} over {@code ByteArrayOutputStream} takes a lock per byte.
     */
    private static final class Out {
        private byte[] buf;
        private int size;

        Out(int capacity) {
            buf = new byte[Math.max(64, capacity)];
        }

        private void ensure(int more) {
            if (size + more > buf.length) {
                buf = Arrays.copyOf(buf, Math.max(buf.length * 2, size + more));
            }
        }

        void writeByte(int b) {
            ensure(1);
            buf[size++] = (byte) b;
        }

        void writeInt(int v) {
            ensure(4);
            buf[size++] = (byte) (v >>> 24);
            buf[size++] = (byte) (v >>> 16);
            buf[size++] = (byte) (v >>> 8);
            buf[size++] = (byte) v;
        }

        void writeLong(long v) {
            writeInt((int) (v >>> 32));
            writeInt((int) v);
        }

        void writeDouble(double v) {
            writeLong(Double.doubleToLongBits(v));
        }

        void write(byte[] bytes) {
            ensure(bytes.length);
            System.arraycopy(bytes, 0, buf, size, bytes.length);
            size += bytes.length;
        }

        byte[] toByteArray() {
            return Arrays.copyOf(buf, size);
        }
    }

    /** Writes one type's entries; returns the id budget left. Ids are kept newest first. */
    private static int writeSamples(Out out, List<Sample> samples, int idBudget) {
        boolean[] keepId = new boolean[samples.size()];
        for (int i = samples.size() - 1; i >= 0; i--) {
            String id = samples.get(i).readingId();
            if (id != null && id.length() <= idBudget) {
                keepId[i] = true;
                idBudget -= id.length();
            }
        }
        writeVarInt(out, samples.size());
        long previous = samples.isEmpty() ? 0 : samples.get(0).first();
        out.writeLong(previous);
        for (int i = 0; i < samples.size(); i++) {
            Sample sample = samples.get(i);
            boolean sameValue = sample.min() == sample.max();
            boolean minExact = exact(sample.min());
            boolean maxExact = exact(sample.max());
            int bits = sample.flags() | (minExact ? 0 : VALUE_AS_DOUBLE) | (sameValue ? 0 : HAS_MAX)
                    | (sameValue || maxExact ? 0 : MAX_AS_DOUBLE) | (keepId[i] ? HAS_ID : 0);
            out.writeByte(bits);
            writeVarLong(out, sample.first() - previous);
            previous = sample.first();
            writeVarLong(out, sample.last() - sample.first());
            writeValue(out, sample.min(), minExact);
            if (!sameValue) {
                writeValue(out, sample.max(), maxExact);
            }
            writeVarInt(out, sample.count());
            writeVarLong(out, sample.maxGapMs());
            out.writeInt(sample.device());
            if (keepId[i]) {
                byte[] id = sample.readingId().getBytes(StandardCharsets.UTF_8);
                writeVarInt(out, id.length);
                out.write(id);
            }
        }
        return idBudget;
    }

    /** Whether the value is exactly a whole number of hundredths (most readings), so it fits a few bytes. */
    private static boolean exact(double value) {
        double hundredths = value * 100;
        return Math.abs(hundredths) < 1e12 && Math.round(hundredths) / 100.0 == value;
    }

    private static void writeValue(Out out, double value, boolean exact) {
        if (exact) {
            writeVarLong(out, Math.round(value * 100));
        } else {
            out.writeDouble(value);
        }
    }

    private static double readValue(ByteBuffer in, boolean exact) {
        return exact ? readVarLong(in) / 100.0 : in.getDouble();
    }

    static PatientState read(byte[] bytes) {
        try {
            ByteBuffer in = ByteBuffer.wrap(bytes);
            byte version = in.get();
            if (version != VERSION) {
                throw new SerializationException("unknown patient state version " + version);
            }
            long lastReceivedAt = in.getLong();
            long lastLiveAt = in.getLong();
            long noDataDue = in.getLong();
            List<Sample> heartRates = readSamples(in);
            List<Sample> temperatures = readSamples(in);
            int trackedCount = readVarInt(in);
            List<Tracked> tracked = new ArrayList<>(trackedCount + 1);
            for (int i = 0; i < trackedCount; i++) {
                AlertCondition condition = AlertCondition.values()[in.get()];
                long start = in.getLong();
                long key = start + readVarLong(in);
                Severity severity = Severity.values()[in.get()];
                int bits = in.get();
                boolean resolved = (bits & RESOLVED) != 0;
                long end = resolved ? in.getLong() : Long.MAX_VALUE;
                boolean pinned = (bits & PINNED) != 0;
                long since = pinned ? in.getLong() : Long.MIN_VALUE;
                tracked.add(new Tracked(condition, start, key, severity, resolved, end, (bits & WITHDRAWN) != 0,
                        pinned, since));
            }
            return PatientStates.of(temperatures, heartRates, tracked, lastReceivedAt, lastLiveAt, noDataDue);
        } catch (RuntimeException e) {
            throw new SerializationException("corrupt patient state", e);
        }
    }

    private static List<Sample> readSamples(ByteBuffer in) {
        int count = readVarInt(in);
        long previous = in.getLong();
        List<Sample> samples = new ArrayList<>(count + 1);
        for (int i = 0; i < count; i++) {
            int bits = in.get() & 0xff;
            long first = previous + readVarLong(in);
            previous = first;
            long last = first + readVarLong(in);
            double min = readValue(in, (bits & VALUE_AS_DOUBLE) == 0);
            double max = (bits & HAS_MAX) == 0 ? min : readValue(in, (bits & MAX_AS_DOUBLE) == 0);
            int n = readVarInt(in);
            long maxGap = readVarLong(in);
            int device = in.getInt();
            String readingId = null;
            if ((bits & HAS_ID) != 0) {
                byte[] id = new byte[readVarInt(in)];
                in.get(id);
                readingId = new String(id, StandardCharsets.UTF_8);
            }
            samples.add(new Sample(first, last, min, max, n, maxGap, bits & 0x0f, device, readingId));
        }
        return samples;
    }

    private static void writeVarInt(Out out, int value) {
        writeVarLong(out, value);
    }

    /** Unsigned LEB128 of the zig-zag form, so small negative offsets stay small too. */
    private static void writeVarLong(Out out, long value) {
        long v = (value << 1) ^ (value >> 63);
        while ((v & ~0x7FL) != 0) {
            out.writeByte((int) ((v & 0x7F) | 0x80));
            v >>>= 7;
        }
        out.writeByte((int) v);
    }

    private static int readVarInt(ByteBuffer in) {
        return (int) readVarLong(in);
    }

    private static long readVarLong(ByteBuffer in) {
        long v = 0;
        int shift = 0;
        byte b;
        do {
            b = in.get();
            v |= (long) (b & 0x7F) << shift;
            shift += 7;
        } while ((b & 0x80) != 0);
        return (v >>> 1) ^ -(v & 1);
    }
}
