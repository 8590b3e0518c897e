package org.portwatch.ingest.reading;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.util.ByteArrayBuilder;
import java.io.IOException;
import java.time.Instant;
import java.time.LocalDate;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Serializer;
import org.portwatch.model.Json;
import org.portwatch.model.VitalReading;
import org.portwatch.model.serde.JsonSerializer;

/**
 * The value serializer of ingest's producer: a {@link VitalReading} written field by field with the contracts' own
 * JSON factory, byte for byte what {@link Json#mapper()} writes (ReadingRecordSerializerPropertiesTest), anything
 * else (a symptom check-in) through the mapper. Why: in the batched profile of docs/benchmarks.md the mapper's
 * serialisation of the record was 46 % of ingest's samples, a third of it formatting the two instants through
 * {@code DateTimeFormatter} and much of the rest reflection on the record's accessors.
 */
final class ReadingRecordSerializer implements Serializer<Object> {

    private static final JsonFactory FACTORY = Json.mapper().getFactory();
    /** Every JSON record of a reading is about 300-400 bytes; the builder grows if one is longer. */
    private static final int INITIAL_BYTES = 512;

    /** 1000-01-01T00:00:00Z and 9999-12-31T23:59:59Z: the years written here, four digits each. */
    private static final long FIRST_SECOND = LocalDate.of(1000, 1, 1).toEpochDay() * 86_400L;
    private static final long LAST_SECOND = LocalDate.of(9999, 12, 31).toEpochDay() * 86_400L + 86_399L;

    private final JsonSerializer<Object> general = new JsonSerializer<>(Object.class);

    @Override
    public byte[] serialize(String topic, Object data) {
        if (!(data instanceof VitalReading reading)) {
            return general.serialize(topic, data);
        }
        ByteArrayBuilder bytes = new ByteArrayBuilder(INITIAL_BYTES);
        try (JsonGenerator json = FACTORY.createGenerator(bytes)) {
            // The record's components in declaration order, as the mapper writes them.
            json.writeStartObject();
            json.writeStringField("readingId", reading.readingId());
            json.writeStringField("patientId", reading.patientId());
            json.writeStringField("deviceId", reading.deviceId());
            json.writeStringField("type", reading.type().name());
            json.writeNumberField("value", reading.value());
            json.writeStringField("unit", reading.unit());
            json.writeStringField("sourceUnit", reading.sourceUnit());
            json.writeStringField("measuredAt", instant(reading.measuredAt()));
            json.writeStringField("receivedAt", instant(reading.receivedAt()));
            json.writeStringField("site", reading.site() == null ? null : reading.site().name());
            json.writeStringField("activity", reading.activity() == null ? null : reading.activity().name());
            json.writeStringField("sensorStatus", reading.sensorStatus() == null ? null : reading.sensorStatus().name());
            // @JsonInclude(NON_NULL) on the component: left out when null.
            if (reading.rhythm() != null) {
                json.writeStringField("rhythm", reading.rhythm().name());
            }
            json.writeEndObject();
        } catch (IOException e) {
            throw new SerializationException("cannot write a reading for " + topic, e);
        }
        return bytes.toByteArray();
    }

    /**
     * {@link Instant#toString()} (ISO-8601, the mapper's format for instants: seconds always, a fraction of 3, 6 or
     * 9 digits when there is one) without a formatter, for the years 1000-9999 every device time lies in; any other
     * year goes through {@code toString()} itself.
     */
    static String instant(Instant instant) {
        long seconds = instant.getEpochSecond();
        if (seconds < FIRST_SECOND || seconds > LAST_SECOND) {
            return instant.toString();
        }
        int secondOfDay = (int) Math.floorMod(seconds, 86_400L);
        LocalDate date = LocalDate.ofEpochDay(Math.floorDiv(seconds, 86_400L));
        int year = date.getYear();
        int nano = instant.getNano();
        int fraction = nano == 0 ? 0 : nano % 1_000_000 == 0 ? 3 : nano % 1000 == 0 ? 6 : 9;
        char[] out = new char[20 + (fraction == 0 ? 0 : fraction + 1)];
        put(out, 0, year, 4);
        out[4] = '-';
        put(out, 5, date.getMonthValue(), 2);
        out[7] = '-';
        put(out, 8, date.getDayOfMonth(), 2);
        out[10] = 'T';
        put(out, 11, secondOfDay / 3600, 2);
        out[13] = ':';
        put(out, 14, secondOfDay / 60 % 60, 2);
        out[16] = ':';
        put(out, 17, secondOfDay % 60, 2);
        int at = 19;
        if (fraction > 0) {
            out[at++] = '.';
            int digits = fraction == 3 ? nano / 1_000_000 : fraction == 6 ? nano / 1000 : nano;
            put(out, at, digits, fraction);
            at += fraction;
        }
        out[at] = 'Z';
        return new String(out);
    }

    /** {@code value} as exactly {@code width} decimal digits, zero-padded, at {@code at}. */
    private static void put(char[] out, int at, int value, int width) {
        for (int i = at + width - 1; i >= at; i--) {
            out[i] = (char) ('0' + value % 10);
            value /= 10;
        }
    }
}
