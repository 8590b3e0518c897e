package org.portwatch.model.serde;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectWriter;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Serializer;
import org.portwatch.model.Json;

/** Writes an event contract as JSON; {@code null} stays {@code null} so tombstones pass through. */
public class JsonSerializer<T> implements Serializer<T> {

    private final ObjectWriter writer;

    public JsonSerializer(Class<T> type) {
        this.writer = Json.mapper().writerFor(type);
    }

    @Override
    public byte[] serialize(String topic, T data) {
        if (data == null) {
            return null;
        }
        try {
            return writer.writeValueAsBytes(data);
        } catch (JsonProcessingException e) {
            throw new SerializationException("cannot write " + data.getClass().getSimpleName() + " for " + topic, e);
        }
    }
}
