package org.portwatch.alert.alerts;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The patient label of a notification: initials enough to tell two alerts apart, too little to identify anyone. */
class PagerLabelTest {

    @Test
    void shouldGiveInitialsOfTheDisplayName() {
        assertThat(AlertEffects.label("Jane Doe")).isEqualTo("J.D.");
        assertThat(AlertEffects.label("  jane   doe ")).isEqualTo("J.D.");
        assertThat(AlertEffects.label("Doe, Jane")).isEqualTo("D.J.");
    }

    @Test
    void shouldLeaveOutWordsInBracketsAndWordsWithoutALeadingLetter() {
        assertThat(AlertEffects.label("J. Doe (bed 12)")).isEqualTo("J.D.");
        assertThat(AlertEffects.label("Jane (ward 4 east) Doe")).isEqualTo("J.D.");
        assertThat(AlertEffects.label("Jane Doe 12 #3")).isEqualTo("J.D.");
    }

    @Test
    void shouldKeepAtMostThreeInitials() {
        assertThat(AlertEffects.label("Anna Beatrix Carla Dora Doe")).isEqualTo("A.B.C.");
    }

    @Test
    void shouldLabelNoNameAsEmpty() {
        assertThat(AlertEffects.label(null)).isEmpty();
        assertThat(AlertEffects.label("")).isEmpty();
        assertThat(AlertEffects.label("(bed 12)")).isEmpty();
    }

    @Test
    void shouldUpperCaseLettersBeyondLatin() {
        assertThat(AlertEffects.label("élodie Ørsted")).isEqualTo("É.Ø.");
    }
}
