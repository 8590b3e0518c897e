package org.portwatch.alert.patient;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.apache.kafka.common.serialization.Serializer;
import org.portwatch.model.PatientProfile;
import org.portwatch.model.Topics;
import org.portwatch.model.serde.PatientProfileSerde;

/**
 * The repository of the profile outbox's writes: profile changes queued in the outbox. Call it inside the transaction
 * that changed the patient: both commit or neither does. Claiming, sending and deleting rows is
 * {@link ProfileOutboxPublisher}'s, an outbox engine on the raw pool (see the package doc).
 *
 * <p>The row holds the record value exactly as {@link PatientProfileSerde} writes it, so the publisher sends the
 * bytes the database took and no row can fail to serialize later and block the ones behind it.
 */
@ApplicationScoped
public class ProfileOutbox implements PanacheRepositoryBase<ProfileOutboxEntry, Long> {

    /** Schema-qualified, for the plain SQL of the publisher (its connections have no search_path to alerts). */
    static final String TABLE = "alerts.profile_outbox";

    private final Serializer<PatientProfile> serializer = new PatientProfileSerde.Serializer();

    /** Queues the profile as it now stands. */
    public Uni<ProfileOutboxEntry> enqueue(PatientProfile profile, Instant at) {
        String value = new String(serializer.serialize(Topics.PATIENT_PROFILES, profile), StandardCharsets.UTF_8);
        return persist(new ProfileOutboxEntry(profile.patientId(), value, at));
    }

    /** Queues a tombstone: the detector forgets the patient (discharge). */
    public Uni<ProfileOutboxEntry> enqueueTombstone(String patientId, Instant at) {
        return persist(new ProfileOutboxEntry(patientId, null, at));
    }
}
