package org.portwatch.model;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class IdsTest {

    @Test
    void shouldAcceptOpaqueUrlSafeIdsOfUpTo64Characters() {
        assertThat(Ids.isValid("patient-0042")).isTrue();
        assertThat(Ids.isValid("patch-3f9a")).isTrue();
        assertThat(Ids.isValid("oncology.day:unit_2")).isTrue();
        assertThat(Ids.isValid("a".repeat(64))).isTrue();
    }

    @Test
    void shouldRefuseWhatIsNotAnId() {
        assertThat(Ids.isValid(null)).isFalse();
        assertThat(Ids.isValid("")).isFalse();
        assertThat(Ids.isValid("a".repeat(65))).isFalse();
        assertThat(Ids.isValid("-starts-with-a-dash")).isFalse();
        assertThat(Ids.isValid("Jane Doe")).isFalse();
        assertThat(Ids.isValid("a/b")).isFalse();
        assertThat(Ids.isValid("a\u0000b")).isFalse();
        assertThat(Ids.isValid("zoë")).isFalse();
    }

    @Test
    void shouldAgreeWithTheConstantThatBeanValidationUses() {
        for (String id : new String[] {"p-1", "x", "_x", "a b", "a".repeat(64), "a".repeat(65)}) {
            assertThat(Ids.isValid(id)).as(id).isEqualTo(id.matches(Ids.PATTERN));
        }
    }
}
