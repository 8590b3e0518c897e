package org.portwatch.model.serde;

import org.portwatch.model.VitalReading;

/** Serde of {@link VitalReading}; the nested classes are the per-type (de)serializers Kafka configs name by class. */
public class VitalReadingSerde extends JsonSerde<VitalReading> {

    public VitalReadingSerde() {
        super(VitalReading.class);
    }

    public static class Serializer extends JsonSerializer<VitalReading> {
        public Serializer() {
            super(VitalReading.class);
        }
    }

    public static class Deserializer extends JsonDeserializer<VitalReading> {
        public Deserializer() {
            super(VitalReading.class);
        }
    }
}
