package org.portwatch.model.serde;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.portwatch.model.PatientProfile;
import org.portwatch.model.PortSite;
import org.portwatch.model.Thresholds;
import org.portwatch.model.Topics;

/** {@code patients.profiles} carries no display name, and records written before it was dropped still read. */
class PatientProfileSerdeTest {

    private final PatientProfileSerde serde = new PatientProfileSerde();

    @Test
    void shouldWriteAProfileWithoutAnyDisplayName() {
        PatientProfile profile = new PatientProfile("patient-7", "oncology", PortSite.CHEST, true, Thresholds.DEFAULTS,
                Instant.parse("2026-11-28T10:15:30Z"));

        String json = new String(serde.serializer().serialize(Topics.PATIENT_PROFILES, profile), StandardCharsets.UTF_8);

        assertThat(json).doesNotContainIgnoringCase("name");
        assertThat(serde.deserializer().deserialize(Topics.PATIENT_PROFILES, json.getBytes(StandardCharsets.UTF_8)))
                .isEqualTo(profile);
    }

    @Test
    void shouldReadARecordOfTheFormerContractThatStillCarriesTheName() throws Exception {
        String old = """
                {"patientId": "patient-7", "displayName": "Jane Doe (bed 12)", "careTeamId": "oncology",
                 "portSite": "ARM", "monitoring": true, "updatedAt": "2026-11-28T10:15:30Z"}""";

        PatientProfile read = serde.deserializer().deserialize(Topics.PATIENT_PROFILES,
                old.getBytes(StandardCharsets.UTF_8));

        assertThat(read.patientId()).isEqualTo("patient-7");
        assertThat(read.portSite()).isEqualTo(PortSite.ARM);
        assertThat(read.thresholds()).isEqualTo(Thresholds.DEFAULTS);
        // Also with a mapper that fails on unknown properties (Jackson's default), as another consumer may use.
        assertThat(new ObjectMapper().findAndRegisterModules().readValue(old, PatientProfile.class).careTeamId())
                .isEqualTo("oncology");
        // Written back (the detector's store and its changelog), the name is gone.
        assertThat(new String(serde.serializer().serialize(Topics.PATIENT_PROFILES, read), StandardCharsets.UTF_8))
                .doesNotContain("Jane").doesNotContain("displayName");
    }
}
