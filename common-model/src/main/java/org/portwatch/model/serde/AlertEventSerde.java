package org.portwatch.model.serde;

import org.portwatch.model.AlertEvent;

/** Serde of {@link AlertEvent}; the nested classes are the per-type (de)serializers Kafka configs name by class. */
public class AlertEventSerde extends JsonSerde<AlertEvent> {

    public AlertEventSerde() {
        super(AlertEvent.class);
    }

    public static class Serializer extends JsonSerializer<AlertEvent> {
        public Serializer() {
            super(AlertEvent.class);
        }
    }

    public static class Deserializer extends JsonDeserializer<AlertEvent> {
        public Deserializer() {
            super(AlertEvent.class);
        }
    }
}
