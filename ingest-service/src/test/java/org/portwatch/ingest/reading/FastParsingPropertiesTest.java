package org.portwatch.ingest.reading;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.regex.Pattern;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * The validator's fast paths (a hand-written reader of {@code ...Z} times, a loop for reading ids) accept exactly
 * what the general parsers they replace accept, with the same result: valid times of every length of fraction,
 * near-misses (month 13, 30 February, 24:00, a leap second, lower-case letters, missing or extra digits), and noise.
 */
class FastParsingPropertiesTest {

    private static final Pattern READING_ID = Pattern.compile("[A-Za-z0-9._:\\-]{1,128}");

    @Property(tries = 3000)
    void shouldReadAnInstantExactlyAsTheGeneralParserDoes(@ForAll("times") String value) {
        assertThat(ReadingValidator.parseInstant(value)).as(value).isEqualTo(ReadingValidator.parseAnyInstant(value));
        Instant fast = UtcInstants.parse(value);
        if (fast != null) {
            assertThat(fast).as(value).isEqualTo(Instant.parse(value));
        }
    }

    @Property(tries = 1000)
    void shouldTakeEveryInstantAsJavaWritesIt(@ForAll("instants") Instant instant) {
        assertThat(UtcInstants.parse(instant.toString())).isEqualTo(instant);
    }

    @Property(tries = 2000)
    void shouldJudgeAReadingIdAsTheRegexDoes(@ForAll("readingIds") String readingId) {
        assertThat(ReadingValidator.validReadingId(readingId)).as(readingId)
                .isEqualTo(READING_ID.matcher(readingId).matches());
    }

    @Provide
    Arbitrary<String> times() {
        Arbitrary<String> year = Arbitraries.integers().between(0, 9999).map(y -> String.format("%04d", y));
        Arbitrary<String> twoDigits = Arbitraries.integers().between(0, 99).map(n -> String.format("%02d", n));
        Arbitrary<String> month = Arbitraries.oneOf(Arbitraries.integers().between(1, 12)
                .map(n -> String.format("%02d", n)), twoDigits);
        Arbitrary<String> day = Arbitraries.oneOf(Arbitraries.integers().between(1, 31)
                .map(n -> String.format("%02d", n)), twoDigits);
        Arbitrary<String> hour = Arbitraries.oneOf(Arbitraries.integers().between(0, 24)
                .map(n -> String.format("%02d", n)), twoDigits);
        Arbitrary<String> minuteOrSecond = Arbitraries.oneOf(Arbitraries.integers().between(0, 60)
                .map(n -> String.format("%02d", n)), twoDigits);
        Arbitrary<String> fraction = Arbitraries.oneOf(Arbitraries.just(""), Arbitraries.just("."),
                Arbitraries.strings().numeric().ofMinLength(1).ofMaxLength(10).map(d -> "." + d));
        Arbitrary<String> zone = Arbitraries.of("Z", "Z", "Z", "z", "+00:00", "+01:00", "-05:30", "", "ZZ");
        Arbitrary<String> separator = Arbitraries.of("T", "T", "T", "t", " ");
        Arbitrary<String> shaped = Combinators.combine(year, month, day, hour, minuteOrSecond, minuteOrSecond,
                        fraction, zone)
                .as((y, mo, d, h, mi, s, f, z) -> y + "-" + mo + "-" + d + "T" + h + ":" + mi + ":" + s + f + z);
        Arbitrary<String> otherSeparator = Combinators.combine(shaped, separator)
                .as((value, sep) -> value.substring(0, 10) + sep + value.substring(11));
        Arbitrary<String> noise = Arbitraries.strings().withChars("0123456789-:TZ.+ ").ofMaxLength(32);
        return Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(6, shaped), net.jqwik.api.Tuple.of(2, otherSeparator),
                net.jqwik.api.Tuple.of(2, noise));
    }

    @Provide
    Arbitrary<Instant> instants() {
        return Combinators.combine(
                        Arbitraries.longs().between(Instant.parse("0000-01-01T00:00:00Z").getEpochSecond(),
                                Instant.parse("9999-12-31T23:59:59Z").getEpochSecond()),
                        Arbitraries.oneOf(Arbitraries.just(0), Arbitraries.integers().between(0, 999).map(m -> m
                                * 1_000_000), Arbitraries.integers().between(0, 999_999_999)))
                .as(Instant::ofEpochSecond);
    }

    @Provide
    Arbitrary<String> readingIds() {
        return Arbitraries.oneOf(
                Arbitraries.strings().withChars("AZaz09._:-").withCharRange('a', 'z').ofMinLength(0)
                        .ofMaxLength(130),
                Arbitraries.strings().all().ofMaxLength(20),
                Arbitraries.strings().withChars("abc/ é\u212A\u0000").ofMaxLength(10));
    }
}
