package org.portwatch.model.serde;

import com.fasterxml.jackson.databind.ObjectReader;
import java.io.IOException;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.portwatch.model.Json;

/**
 * Reads an event contract from JSON; {@code null} (a tombstone) stays {@code null}.
 * A record that is not a valid contract throws {@link SerializationException}, which consumers
 * turn into a dead-letter record rather than a stopped partition.
 */
public class JsonDeserializer<T> implements Deserializer<T> {

    private final ObjectReader reader;
    private final Class<T> type;

    public JsonDeserializer(Class<T> type) {
        this.type = type;
        this.reader = Json.mapper().readerFor(type);
    }

    @Override
    public T deserialize(String topic, byte[] data) {
        if (data == null) {
            return null;
        }
        try {
            return reader.readValue(data);
        } catch (IOException | RuntimeException e) {
            // No payload in the message: it may hold patient data.
            throw new SerializationException("not a valid " + type.getSimpleName() + " on " + topic, e);
        }
    }
}
