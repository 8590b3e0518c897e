package org.portwatch.ingest.symptom;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.portwatch.model.Symptom;
import org.portwatch.model.SymptomCheckIn;

class CheckInValidatorTest {

    private static final Instant NOW = Instant.parse("2026-11-28T10:00:00Z");
    private final CheckInValidator validator = new CheckInValidator(Duration.ofMinutes(5), Duration.ofDays(7));

    private CheckInValidator.Outcome validate(String checkInId, List<String> symptoms, String text, String reportedAt) {
        return validator.validate(new CheckInInput(checkInId, symptoms, text, reportedAt, null), "app-1", "patient-1", NOW);
    }

    @Test
    void shouldAcceptEverySymptomOfTheLeafletInAnyCase() {
        List<String> names = Arrays.stream(Symptom.values()).map(s -> s.name().toLowerCase()).toList();

        CheckInValidator.Outcome outcome = validate(null, names, "dizzy", NOW.toString());

        assertThat(outcome.faults()).isEmpty();
        assertThat(outcome.checkIn().symptoms()).containsExactly(Symptom.values());
        assertThat(outcome.checkIn().checkInId()).isEqualTo(SymptomCheckIn.deriveCheckInId("app-1", NOW));
    }

    @Test
    void shouldAcceptTheEdgesOfTheTimeWindowAndLineBreaksInTheText() {
        assertThat(validate("c", List.of("OTHER"), "line one\nline two\ttab", NOW.plus(Duration.ofMinutes(5)).toString())
                .faults()).isEmpty();
        assertThat(validate("c", List.of("CHILLS"), null, NOW.minus(Duration.ofDays(7)).toString()).faults()).isEmpty();
        assertThat(validate("c", List.of("OTHER"), "😣".repeat(500), NOW.toString()).faults())
                .as("500 characters, each two UTF-16 units").isEmpty();
    }

    @Test
    void shouldNameEveryFaultOfACheckInAtOnce() {
        CheckInValidator.Outcome outcome = validate("bad id", List.of("HEADACHE", "CHILLS"), "cold", "soon");

        assertThat(outcome.checkIn()).isNull();
        assertThat(outcome.faults()).extracting(CheckInValidator.Fault::reason).containsExactlyInAnyOrder(
                CheckInRejection.UNKNOWN_SYMPTOM, CheckInRejection.TEXT_WITHOUT_OTHER, CheckInRejection.INVALID_TIMESTAMP,
                CheckInRejection.INVALID_CHECK_IN_ID);
    }

    @Test
    void shouldStopCountingFaultsOfAHugeListOfUnknownSymptoms() {
        List<String> many = java.util.Collections.nCopies(10_000, "nope");

        assertThat(validate("c", many, null, NOW.toString()).faults()).hasSizeLessThanOrEqualTo(Symptom.values().length + 1);
    }
}
