package org.portwatch.detection;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
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
 * A compact binary form of {@link PatientState}: every reading is written to RocksDB and its changelog,
 * so bytes per patient decide the detector's cost. About 15 bytes a reading (hash, time offset, value
 * in hundredths, flags) instead of a few hundred as JSON. Versioned so the format can evolve.
 */
public class PatientStateSerde implements Serde<PatientState> {

    private static final byte VERSION = 1;

    @Override
    public Serializer<PatientState> serializer() {
        return (topic, state) -> state == null ? null : write(state);
    }

    @Override
    public Deserializer<PatientState> deserializer() {
        return (topic, bytes) -> bytes == null ? null : read(bytes);
    }

    static byte[] write(PatientState state) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(64 + state.samples().size() * 16);
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeByte(VERSION);
            out.writeLong(state.lastReceivedAt());
            List<Sample> samples = state.samples();
            writeVarInt(out, samples.size());
            long base = samples.isEmpty() ? 0 : samples.get(0).measuredAt();
            out.writeLong(base);
            for (Sample sample : samples) {
                out.writeLong(sample.key());
                writeVarLong(out, sample.measuredAt() - base);
                out.writeInt((int) Math.round(sample.value() * 100));
                out.writeByte(sample.flags() | (sample.readingId() != null ? 0x80 : 0));
                if (sample.readingId() != null) {
                    byte[] id = sample.readingId().getBytes(StandardCharsets.UTF_8);
                    writeVarInt(out, id.length);
                    out.write(id);
                }
            }
            writeVarInt(out, state.tracked().size());
            for (Tracked tracked : state.tracked()) {
                out.writeByte(tracked.condition().ordinal());
                out.writeLong(tracked.start());
                out.writeByte(tracked.severity().ordinal());
                out.writeBoolean(tracked.resolved());
                out.writeLong(tracked.end());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    static PatientState read(byte[] bytes) {
        try {
            ByteBuffer in = ByteBuffer.wrap(bytes);
            byte version = in.get();
            if (version != VERSION) {
                throw new SerializationException("unknown patient state version " + version);
            }
            long lastReceivedAt = in.getLong();
            int count = readVarInt(in);
            long base = in.getLong();
            List<Sample> samples = new ArrayList<>(count + 1);
            for (int i = 0; i < count; i++) {
                long key = in.getLong();
                long measuredAt = base + readVarLong(in);
                double value = in.getInt() / 100.0;
                int flags = in.get() & 0xff;
                String readingId = null;
                if ((flags & 0x80) != 0) {
                    byte[] id = new byte[readVarInt(in)];
                    in.get(id);
                    readingId = new String(id, StandardCharsets.UTF_8);
                }
                samples.add(new Sample(key, measuredAt, value, flags & 0x7f, readingId));
            }
            int trackedCount = readVarInt(in);
            List<Tracked> tracked = new ArrayList<>(trackedCount + 1);
            for (int i = 0; i < trackedCount; i++) {
                tracked.add(new Tracked(AlertCondition.values()[in.get()], in.getLong(), Severity.values()[in.get()],
                        in.get() != 0, in.getLong()));
            }
            return PatientStates.of(samples, tracked, lastReceivedAt);
        } catch (RuntimeException e) {
            throw new SerializationException("corrupt patient state", e);
        }
    }

    private static void writeVarInt(DataOutputStream out, int value) throws IOException {
        writeVarLong(out, value);
    }

    /** Unsigned LEB128 of the zig-zag form, so small negative offsets stay small too. */
    private static void writeVarLong(DataOutputStream out, long value) throws IOException {
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
