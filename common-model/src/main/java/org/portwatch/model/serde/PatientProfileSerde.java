package org.portwatch.model.serde;

import org.portwatch.model.PatientProfile;

/** Serde of {@link PatientProfile}; the nested classes are the per-type (de)serializers Kafka configs name by class. */
public class PatientProfileSerde extends JsonSerde<PatientProfile> {

    public PatientProfileSerde() {
        super(PatientProfile.class);
    }

    public static class Serializer extends JsonSerializer<PatientProfile> {
        public Serializer() {
            super(PatientProfile.class);
        }
    }

    public static class Deserializer extends JsonDeserializer<PatientProfile> {
        public Deserializer() {
            super(PatientProfile.class);
        }
    }
}
