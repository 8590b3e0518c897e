package org.portwatch.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class UnitsTest {

    @ParameterizedTest
    @CsvSource({
            "Cel, Cel", "C, Cel", "°C, Cel", "  cel , Cel", "degC, Cel",
            "[degF], [degF]", "F, [degF]", "°F, [degF]", "degF, [degF]",
            "/min, /min", "bpm, /min", "BPM, /min", "{beats}/min, /min"})
    void shouldNormalizeTheUnitsDevicesWrite(String written, String ucum) {
        assertThat(Units.normalize(written)).contains(ucum);
    }

    @ParameterizedTest
    @ValueSource(strings = {"K", "kelvin", "", "mmHg", "°", "Hz"})
    void shouldNotRecognizeUnknownUnits(String written) {
        assertThat(Units.normalize(written)).isEmpty();
    }

    @Test
    void shouldNotRecognizeAMissingUnit() {
        assertThat(Units.normalize(null)).isEmpty();
    }

    @ParameterizedTest
    @CsvSource({
            // The leaflet's line: 100.4 °F is 38.0 °C, exactly, or the boundary test of rule 1 flips.
            "100.4, 38.0",
            "101.0, 38.333333333333",
            "98.6, 37.0",
            "32.0, 0.0",
            "77.0, 25.0",
            "113.0, 45.0",
            "100.3, 37.944444444444",
            "100.396, 37.997777777777",
            "102.38, 39.1"})
    void shouldConvertFahrenheitToCelsiusWithoutBinaryNoise(double fahrenheit, double celsius) {
        assertThat(Units.toCanonical(VitalType.BODY_TEMPERATURE, fahrenheit, Units.FAHRENHEIT)).isEqualTo(celsius);
    }

    @Test
    void shouldNeverRoundAValueUpToTheFeverLine() {
        // docs/clinical-rules.md revision 2: 37.996 °C and 100.396 °F are below 38.0 °C; 100.4 °F is exactly 38.0 °C.
        assertThat(Units.toCanonical(VitalType.BODY_TEMPERATURE, 100.396, Units.FAHRENHEIT)).isLessThan(38.0);
        assertThat(Units.toCanonical(VitalType.BODY_TEMPERATURE, 100.3999, Units.FAHRENHEIT)).isLessThan(38.0);
        assertThat(Units.toCanonical(VitalType.BODY_TEMPERATURE, 100.4, Units.FAHRENHEIT)).isEqualTo(38.0);
        assertThat(Units.toCanonical(VitalType.BODY_TEMPERATURE, 37.996, Units.CELSIUS)).isLessThan(38.0);
    }

    @Test
    void shouldKeepCelsiusAsMeasured() {
        assertThat(Units.toCanonical(VitalType.BODY_TEMPERATURE, 38.0, Units.CELSIUS)).isEqualTo(38.0);
        assertThat(Units.toCanonical(VitalType.BODY_TEMPERATURE, 37.996, Units.CELSIUS)).isEqualTo(37.996);
        assertThat(Units.toCanonical(VitalType.BODY_TEMPERATURE, 37.994, Units.CELSIUS)).isEqualTo(37.994);
        assertThat(Units.toCanonical(VitalType.HEART_RATE, 101, Units.PER_MINUTE)).isEqualTo(101.0);
    }

    @Test
    void shouldRefuseAUnitThatDoesNotMeasureTheType() {
        assertThat(Units.measures(VitalType.HEART_RATE, Units.CELSIUS)).isFalse();
        assertThat(Units.measures(VitalType.BODY_TEMPERATURE, Units.PER_MINUTE)).isFalse();
        assertThatThrownBy(() -> Units.toCanonical(VitalType.HEART_RATE, 80, Units.FAHRENHEIT))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
