package org.portwatch.model.serde;

import org.apache.kafka.common.serialization.Serdes;

/** A Kafka (and Kafka Streams) serde for one event contract. */
public class JsonSerde<T> extends Serdes.WrapperSerde<T> {

    public JsonSerde(Class<T> type) {
        super(new JsonSerializer<>(type), new JsonDeserializer<>(type));
    }
}
