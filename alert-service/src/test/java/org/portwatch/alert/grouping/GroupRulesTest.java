package org.portwatch.alert.grouping;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.portwatch.model.AlertCondition;
import org.portwatch.model.Severity;

/** Who groups under whom, and when a grouped alert notifies anyway: a table, no clock, no database. */
class GroupRulesTest {

    @ParameterizedTest
    @CsvSource({
            "SEPSIS_RISK, true, false",
            "FEVER, false, true",
            "TACHYCARDIA, false, true",
            "NO_DATA, false, false",
            "SYMPTOM, false, false",
            "IRREGULAR_RHYTHM, false, false"})
    void shouldGroupOnlyTheTwoPartsOfSepsisUnderIt(AlertCondition condition, boolean parent, boolean child) {
        assertThat(GroupRules.isParent(condition)).isEqualTo(parent);
        assertThat(GroupRules.isChild(condition)).isEqualTo(child);
    }

    @ParameterizedTest
    @CsvSource({
            "MEDIUM, CRITICAL, false",
            "HIGH, CRITICAL, false",
            "CRITICAL, CRITICAL, true",
            "HIGH, MEDIUM, true",
            "MEDIUM, MEDIUM, false",
            "LOW, HIGH, false"})
    void shouldNotifyAGroupedAlertAnywayWhenCriticalOrAboveItsParent(Severity child, Severity parent, boolean notifies) {
        assertThat(GroupRules.notifiesAnyway(child, parent)).isEqualTo(notifies);
    }
}
