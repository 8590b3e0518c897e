package org.portwatch.alert.patient;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.NullNode;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.portwatch.model.Thresholds;
import org.portwatch.service.problem.Problem;

class ThresholdSettingsTest {

    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    private static Map<String, JsonNode> changes(Object... nameValue) {
        Map<String, JsonNode> changes = new LinkedHashMap<>();
        for (int i = 0; i < nameValue.length; i += 2) {
            Object value = nameValue[i + 1];
            changes.put((String) nameValue[i], value == null ? NullNode.getInstance()
                    : value instanceof Integer n ? JSON.numberNode(n)
                    : value instanceof Double d ? JSON.numberNode(d)
                    : JSON.textNode(value.toString()));
        }
        return changes;
    }

    @Test
    void shouldKeepTheBaseWhenNothingIsSent() {
        assertThat(ThresholdSettings.merge(Thresholds.DEFAULTS, null).thresholds()).isEqualTo(Thresholds.DEFAULTS);
        assertThat(ThresholdSettings.merge(Thresholds.DEFAULTS, Map.of()).thresholds()).isEqualTo(Thresholds.DEFAULTS);
    }

    @Test
    void shouldApplyOnlyTheFieldsSent() {
        ThresholdSettings.Merge merge = ThresholdSettings.merge(Thresholds.DEFAULTS,
                changes("heartRateHigh", 110, "feverConfirmMinutes", 20.0));
        assertThat(merge.valid()).isTrue();
        assertThat(merge.thresholds().heartRateHigh()).isEqualTo(110.0);
        assertThat(merge.thresholds().feverConfirmMinutes()).isEqualTo(20);
        assertThat(ThresholdSettings.changed(Thresholds.DEFAULTS, merge.thresholds()))
                .containsExactly("feverConfirmMinutes", "heartRateHigh");
    }

    @Test
    void shouldTakeANullThresholdBackToItsDefault() {
        Thresholds raised = ThresholdSettings.merge(Thresholds.DEFAULTS, changes("heartRateHigh", 120)).thresholds();
        assertThat(ThresholdSettings.merge(raised, changes("heartRateHigh", null)).thresholds())
                .isEqualTo(Thresholds.DEFAULTS);
    }

    @Test
    void shouldNameEveryOutOfRangeThresholdByItsJsonPath() {
        ThresholdSettings.Merge merge = ThresholdSettings.merge(Thresholds.DEFAULTS,
                changes("heartRateHigh", 151, "highFeverCelsius", 37.9));
        assertThat(merge.valid()).isFalse();
        assertThat(merge.thresholds()).isNull();
        // The merged set is what is checked: highFeverCelsius may not sit below the (default) fever line.
        assertThat(merge.errors()).extracting(Problem.FieldError::field).containsExactlyInAnyOrder(
                "thresholds.heartRateHigh", "thresholds.highFeverCelsius");
        assertThat(merge.errors()).extracting(Problem.FieldError::reason).containsOnly("OUT_OF_RANGE");
        assertThat(merge.errors()).filteredOn(e -> e.field().equals("thresholds.heartRateHigh"))
                .extracting(Problem.FieldError::detail).containsExactly("must be between 90 and 150");
    }

    @Test
    void shouldRefuseUnknownNamesTextAndFractionsOfWholeNumbers() {
        ThresholdSettings.Merge merge = ThresholdSettings.merge(Thresholds.DEFAULTS,
                changes("heartRateHig", 110, "noDataMinutes", "20", "tachycardiaMinutes", 10.5));
        assertThat(merge.errors()).extracting(Problem.FieldError::reason)
                .containsExactly("UNKNOWN_THRESHOLD", "NOT_A_NUMBER", "NOT_A_WHOLE_NUMBER");
    }

    @Test
    void shouldKnowEveryThresholdOfTheContract() {
        assertThat(ThresholdSettings.names()).hasSize(Thresholds.class.getRecordComponents().length)
                .contains("feverCelsius", "heartRateHigh", "offBodySkinCelsius");
    }
}
