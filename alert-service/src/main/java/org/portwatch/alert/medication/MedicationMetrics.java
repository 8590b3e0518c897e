package org.portwatch.alert.medication;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.Startup;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.EnumMap;
import java.util.Map;
import org.portwatch.model.Antipyretic;

/** Antipyretic doses recorded, by medication and who recorded them (bounded tags; never a patient). */
@Startup // every series on /q/metrics from the start, at zero
@ApplicationScoped
public class MedicationMetrics {

    public static final String RECORDED = "portwatch.medications.recorded";

    private final Map<Antipyretic, Map<AntipyreticDose.Source, Counter>> recorded = new EnumMap<>(Antipyretic.class);

    public MedicationMetrics(MeterRegistry registry) {
        for (Antipyretic medication : Antipyretic.values()) {
            Map<AntipyreticDose.Source, Counter> bySource = new EnumMap<>(AntipyreticDose.Source.class);
            for (AntipyreticDose.Source source : AntipyreticDose.Source.values()) {
                bySource.put(source, Counter.builder(RECORDED)
                        .description("Antipyretic doses recorded (shown on fever alerts and timelines)")
                        .tag("medication", medication.name().toLowerCase(java.util.Locale.ROOT))
                        .tag("source", source.name().toLowerCase(java.util.Locale.ROOT))
                        .register(registry));
            }
            recorded.put(medication, bySource);
        }
    }

    void recorded(AntipyreticDose dose) {
        recorded.get(dose.medication()).get(dose.source()).increment();
    }
}
