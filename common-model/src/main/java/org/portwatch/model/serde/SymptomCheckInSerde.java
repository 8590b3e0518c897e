package org.portwatch.model.serde;

import org.portwatch.model.SymptomCheckIn;

/** Serde of {@link SymptomCheckIn}; the nested classes are the per-type (de)serializers Kafka configs name by class. */
public class SymptomCheckInSerde extends JsonSerde<SymptomCheckIn> {

    public SymptomCheckInSerde() {
        super(SymptomCheckIn.class);
    }

    public static class Serializer extends JsonSerializer<SymptomCheckIn> {
        public Serializer() {
            super(SymptomCheckIn.class);
        }
    }

    public static class Deserializer extends JsonDeserializer<SymptomCheckIn> {
        public Deserializer() {
            super(SymptomCheckIn.class);
        }
    }
}
