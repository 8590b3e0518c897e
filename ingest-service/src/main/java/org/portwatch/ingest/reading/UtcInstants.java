package org.portwatch.ingest.reading;

import java.time.Instant;
import java.time.LocalDate;

/**
 * The common case of a device time, {@code yyyy-MM-ddTHH:mm:ss[.fraction]Z} (what every wearable and gateway sends),
 * read without {@code DateTimeFormatter}: in the batched profile of docs/benchmarks.md {@code Instant.parse} was the
 * largest single cost of ingest's own code (16-20 % of samples). Only what it is sure of is answered here: anything
 * else — an offset, a leap second, a field out of range, another shape — is null, and the caller falls back to the
 * full ISO-8601 parser, so the set of accepted times and their instants are exactly {@code Instant.parse}'s.
 */
final class UtcInstants {

    private UtcInstants() {
    }

    /** The instant {@code value} names when it has the common shape and valid fields; null otherwise. */
    static Instant parse(String value) {
        int length = value.length();
        // yyyy-MM-ddTHH:mm:ssZ is 20 characters; a fraction adds a point and 1 to 9 digits.
        if (length < 20 || length > 30 || value.charAt(length - 1) != 'Z' || value.charAt(4) != '-'
                || value.charAt(7) != '-' || value.charAt(10) != 'T' || value.charAt(13) != ':'
                || value.charAt(16) != ':') {
            return null;
        }
        int year = digits(value, 0, 4);
        int month = digits(value, 5, 7);
        int day = digits(value, 8, 10);
        int hour = digits(value, 11, 13);
        int minute = digits(value, 14, 16);
        int second = digits(value, 17, 19);
        if (year < 0 || month < 1 || month > 12 || day < 1 || hour < 0 || hour > 23 || minute < 0 || minute > 59
                || second < 0 || second > 59) {
            return null;
        }
        int nanos = 0;
        if (length > 20) {
            int fractionDigits = length - 21;
            if (value.charAt(19) != '.' || fractionDigits < 1) {
                return null;
            }
            int fraction = digits(value, 20, length - 1);
            if (fraction < 0) {
                return null;
            }
            nanos = fraction;
            for (int i = fractionDigits; i < 9; i++) {
                nanos *= 10;
            }
        } else if (value.charAt(19) != 'Z') {
            return null;
        }
        // Day 29-31: whether the month has it (and February the 29th) is LocalDate's to say.
        if (day > 28 && day > LocalDate.of(year, month, 1).lengthOfMonth()) {
            return null;
        }
        long seconds = LocalDate.of(year, month, day).toEpochDay() * 86_400L + hour * 3_600L + minute * 60L + second;
        return Instant.ofEpochSecond(seconds, nanos);
    }

    /** The decimal number in {@code value[from, to)}, or -1 when any of its characters is not an ASCII digit. */
    private static int digits(String value, int from, int to) {
        int number = 0;
        for (int i = from; i < to; i++) {
            char c = value.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            number = number * 10 + (c - '0');
        }
        return number;
    }
}
