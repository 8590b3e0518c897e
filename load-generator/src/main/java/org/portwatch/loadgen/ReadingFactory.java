package org.portwatch.loadgen;

import java.time.Instant;
import java.util.SplittableRandom;
import java.util.UUID;

/**
 * Builds request bodies of realistic, valid readings: body temperature 36.0-37.5 Cel from a
 * skin patch, heart rate 60-100 /min, at rest, sensor on the body, measured now. Every reading
 * has its own readingId, UUID-shaped and unique across runs (random per run) and across the
 * client's event loops (the loop's index is part of it). One instance per event loop: not
 * thread-safe, and it need not be.
 *
 * <p>With a fever share above 0, that share of the temperatures (chosen at random) are fevers instead: 38.0-38.2 Cel
 * from an oral (clinical) thermometer, which the detector confirms at once (docs/clinical-rules.md: one clinical
 * thermometer reading of 38.0 °C or more is a fever), so the time it takes to raise the alert can be observed. A
 * patient's first such reading opens a FEVER episode; later ones belong to it and raise nothing new.
 */
public final class ReadingFactory {

    private final long idHigh;
    private final long idLowBase;
    private final SplittableRandom random;
    private final double feverShare;
    private long sequence;
    private long fevers;

    /**
     * @param runSeed random per run: the high half of every readingId
     * @param worker  index of the event loop (0..255) using this factory
     * @param random  values; seeded for reproducible tests
     */
    public ReadingFactory(long runSeed, int worker, SplittableRandom random) {
        this(runSeed, worker, random, 0);
    }

    /**
     * @param feverShare the share of temperatures that are fevers from an oral thermometer, 0..1
     */
    public ReadingFactory(long runSeed, int worker, SplittableRandom random, double feverShare) {
        if (worker < 0 || worker > 255) {
            throw new IllegalArgumentException("worker " + worker);
        }
        if (!(feverShare >= 0 && feverShare <= 1)) {
            throw new IllegalArgumentException("fever share " + feverShare);
        }
        this.feverShare = feverShare;
        // Version-4 / IETF-variant bits so the ids are well-formed UUIDs.
        this.idHigh = (runSeed & ~0xF000L) | 0x4000L;
        this.idLowBase = 0x8000_0000_0000_0000L | ((long) worker << 54);
        this.random = random;
    }

    /** Fever readings made so far. */
    public long fevers() {
        return fevers;
    }

    /** The next unique reading id. */
    public String nextReadingId() {
        long seq = sequence++;
        return new UUID(idHigh, idLowBase | (seq & 0x003F_FFFF_FFFF_FFFFL)).toString();
    }

    /**
     * A request body of {@code batch} readings, alternating temperature and heart rate. In a batch the
     * readings are a device's buffer: one per second, the last measured at {@code now}.
     */
    public String body(int batch, Instant now) {
        StringBuilder sb = new StringBuilder(40 + batch * 190);
        sb.append("{\"readings\":[");
        for (int i = 0; i < batch; i++) {
            if (i > 0) {
                sb.append(',');
            }
            Instant measuredAt = now.minusSeconds(batch - 1 - i);
            appendReading(sb, (sequence & 1) == 0, measuredAt);
        }
        return sb.append("]}").toString();
    }

    /**
     * The same readings as {@link #body} as a FHIR R4 batch Bundle of vital-signs Observations (LOINC 8310-5 and
     * 8867-4, UCUM, the readingId as the device's identifier), as a FHIR-speaking gateway would send them.
     */
    public String fhirBundle(int batch, Instant now) {
        StringBuilder sb = new StringBuilder(60 + batch * 560);
        sb.append("{\"resourceType\":\"Bundle\",\"type\":\"batch\",\"entry\":[");
        for (int i = 0; i < batch; i++) {
            if (i > 0) {
                sb.append(',');
            }
            Instant measuredAt = now.minusSeconds(batch - 1 - i);
            boolean temperature = (sequence & 1) == 0;
            sb.append("{\"request\":{\"method\":\"POST\",\"url\":\"Observation\"},\"resource\":")
                    .append("{\"resourceType\":\"Observation\",\"status\":\"final\",\"identifier\":[{\"system\":")
                    .append("\"urn:portwatch:loadgen\",\"value\":\"").append(nextReadingId()).append("\"}],")
                    .append("\"category\":[{\"coding\":[{\"system\":")
                    .append("\"http://terminology.hl7.org/CodeSystem/observation-category\",\"code\":\"vital-signs\"}]}],")
                    .append("\"code\":{\"coding\":[{\"system\":\"http://loinc.org\",\"code\":\"");
            if (temperature) {
                boolean fever = fever();
                int tenths = temperatureTenths(fever);
                sb.append("8310-5\"}]},\"valueQuantity\":{\"value\":").append(tenths / 10).append('.')
                        .append(tenths % 10).append(",\"unit\":\"C\",\"system\":\"http://unitsofmeasure.org\",")
                        .append("\"code\":\"Cel\"},\"bodySite\":{\"coding\":[{\"system\":\"http://snomed.info/sct\",")
                        // Mouth region structure (an oral thermometer) for a fever, else skin structure (the patch).
                        .append("\"code\":\"").append(fever ? "123851003" : "39937001").append("\"}]}");
            } else {
                int bpm = 60 + random.nextInt(41); // 60 .. 100
                sb.append("8867-4\"}]},\"valueQuantity\":{\"value\":").append(bpm)
                        .append(",\"unit\":\"beats/minute\",\"system\":\"http://unitsofmeasure.org\",\"code\":\"/min\"}");
            }
            sb.append(",\"effectiveDateTime\":\"").append(measuredAt).append("\"}}");
        }
        return sb.append("]}").toString();
    }

    /** A request body of {@code batch} readings in {@code format}. */
    public String body(Format format, int batch, Instant now) {
        return format == Format.FHIR ? fhirBundle(batch, now) : body(batch, now);
    }

    private void appendReading(StringBuilder sb, boolean temperature, Instant measuredAt) {
        sb.append("{\"readingId\":\"").append(nextReadingId()).append('"');
        if (temperature) {
            boolean fever = fever();
            int tenths = temperatureTenths(fever);
            sb.append(",\"type\":\"BODY_TEMPERATURE\",\"value\":")
                    .append(tenths / 10).append('.').append(tenths % 10)
                    .append(",\"unit\":\"Cel\",\"site\":\"").append(fever ? "ORAL" : "SKIN").append('"');
        } else {
            int bpm = 60 + random.nextInt(41); // 60 .. 100
            sb.append(",\"type\":\"HEART_RATE\",\"value\":").append(bpm)
                    .append(",\"unit\":\"/min\",\"site\":\"CHEST\"");
        }
        sb.append(",\"measuredAt\":\"").append(measuredAt).append('"')
                .append(",\"activity\":\"RESTING\",\"sensorStatus\":\"ON_BODY\"}");
    }

    /** Whether the next temperature is a fever; draws nothing without a fever share, so values stay as they were. */
    private boolean fever() {
        if (feverShare > 0 && random.nextDouble() < feverShare) {
            fevers++;
            return true;
        }
        return false;
    }

    /** A temperature in tenths of a degree: 38.0 .. 38.2 for a fever, else 36.0 .. 37.5. */
    private int temperatureTenths(boolean fever) {
        return fever ? 380 + random.nextInt(3) : 360 + random.nextInt(16);
    }
}
