package org.portwatch.alert.checkin;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.jboss.logging.Logger;
import org.portwatch.alert.database.SchemaMigration;
import org.portwatch.alert.medication.AntipyreticDose;
import org.portwatch.alert.medication.MedicationService;
import org.portwatch.model.SymptomCheckIn;
import org.portwatch.service.persistence.PgErrors;

/**
 * Reads {@code patients.symptoms} (its own group, beside the detector's) and stores each check-in, acknowledging it —
 * and so committing its offset — only once stored: what a patient wrote is never lost to the care team. A database
 * outage holds the consumer on that check-in, retrying with backoff; a check-in the database refuses (a NUL in its
 * text, say) is counted and left out, never blocking the ones behind it. Check-ins are a few a day per patient: one
 * insert each. An antipyretic the check-in reports becomes a dose of the patient (source PATIENT_APP) in the same
 * transaction, shown on fever alerts and the timeline like a clinician's.
 */
@ApplicationScoped
public class CheckInConsumer {

    private static final Logger LOG = Logger.getLogger(CheckInConsumer.class);
    public static final String CHANNEL = "checkins-in";
    public static final String STORED = "portwatch.checkins.stored";
    /** One attempt's bound: a frozen database must not hold the consumer without a retry being counted. */
    static final Duration STORE_TIMEOUT = Duration.ofSeconds(10);
    /** The longest wait between attempts while the database is away: the patient's words arrive soon after it returns. */
    static final Duration MAX_BACKOFF = Duration.ofSeconds(10);

    private final CheckInRepository checkIns;
    private final MedicationService medications;
    private final SchemaMigration schema;
    private final Counter stored;
    private final Counter duplicates;
    private final Counter unreadable;
    private final Counter refused;
    private final Counter storeFailures;

    public CheckInConsumer(CheckInRepository checkIns, MedicationService medications, SchemaMigration schema,
            MeterRegistry registry) {
        this.checkIns = checkIns;
        this.medications = medications;
        this.schema = schema;
        String description = "Symptom check-ins read from patients.symptoms, by what became of them";
        this.stored = Counter.builder(STORED).description(description).tag("outcome", "stored").register(registry);
        this.duplicates = Counter.builder(STORED).description(description).tag("outcome", "duplicate").register(registry);
        this.unreadable = Counter.builder(STORED).description(description).tag("outcome", "unreadable").register(registry);
        this.refused = Counter.builder(STORED).description(description).tag("outcome", "refused").register(registry);
        this.storeFailures = Counter.builder("portwatch.checkins.store.failures")
                .description("Attempts to store a check-in that failed (database away); each is retried")
                .register(registry);
    }

    @Incoming(CHANNEL)
    public Uni<Void> consume(Message<SymptomCheckIn> message) {
        SymptomCheckIn checkIn = message.getPayload();
        if (checkIn == null) {
            // Unreadable (fail-on-deserialization-failure=false): the detector dead-letters it; nothing to keep here.
            unreadable.increment();
            return Uni.createFrom().completionStage(message.ack());
        }
        // The dose a check-in reports is stored in the same transaction, and counted once that committed.
        AntipyreticDose[] reportedDose = {null};
        return Uni.createFrom().deferred(() -> schema.migrated()
                        ? Panache.withTransaction(() -> checkIns.store(checkIn).call(inserted -> checkIn.antipyretic() == null
                                        ? Uni.createFrom().nullItem()
                                        : medications.reported(checkIn).invoke(dose -> reportedDose[0] = dose)))
                                .ifNoItem().after(STORE_TIMEOUT).fail()
                        : Uni.createFrom().<Integer>failure(new IllegalStateException("database schema not migrated yet")))
                .onFailure(failure -> !PgErrors.isDataRefused(failure)).invoke(failure -> {
                    storeFailures.increment();
                    LOG.warnf("patients.symptoms: a check-in not stored yet (database unavailable), retrying: %s",
                            failure.toString());
                })
                .onFailure(failure -> !PgErrors.isDataRefused(failure)).retry()
                .withBackOff(Duration.ofMillis(200), MAX_BACKOFF).indefinitely()
                .onFailure().recoverWithItem(failure -> {
                    refused.increment();
                    // The SQLSTATE only: the patient's words stay out of logs.
                    LOG.warnf("patients.symptoms: a check-in the database refuses is left out: %s", failure.getMessage());
                    return -1;
                })
                .invoke(inserted -> {
                    if (inserted >= 0) {
                        (inserted > 0 ? stored : duplicates).increment();
                        medications.counted(reportedDose[0]);
                    }
                })
                .flatMap(ignored -> Uni.createFrom().completionStage(message.ack()));
    }
}
