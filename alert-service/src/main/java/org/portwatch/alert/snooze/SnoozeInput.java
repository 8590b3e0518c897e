package org.portwatch.alert.snooze;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.portwatch.model.Json;
import org.portwatch.service.problem.Problem;
import org.portwatch.service.problem.ProblemException;
import org.portwatch.service.problem.ProblemType;
import org.portwatch.service.security.ControlCharacters;

/**
 * The bodies of a snooze ({@code {"duration": "PT30M", "reason": "..."}}) and of a silence ({@code {"until":
 * "2026-12-01T08:00:00Z" or "duration": "PT24H", "reason": "device charging"}}), checked before any database call:
 * a malformed body is a 400, a field out of its limits a 422 naming every such field, and neither changes anything.
 */
final class SnoozeInput {

    /** A reason is a line or two for the team ("patient in the shower"), not a note. */
    static final int MAX_REASON = 500;

    private SnoozeInput() {
    }

    /** A snooze asked for: how long, and why. */
    record Snooze(Duration duration, String reason) {
    }

    /** A silence asked for: until when, and why. */
    record Silence(Instant until, String reason) {
    }

    static Snooze snooze(String body, SnoozeConfig config) {
        JsonNode node = read(body, "{\"duration\": \"PT30M\", \"reason\": \"...\"}");
        List<Problem.FieldError> errors = new ArrayList<>();
        Duration duration = duration(node, config.minimum(), config.maximum(), errors);
        if (node.hasNonNull("until")) {
            errors.add(new Problem.FieldError(null, "until", "UNKNOWN_FIELD", "a snooze takes a duration"));
        }
        String reason = reason(node, errors);
        check(errors);
        return new Snooze(duration, reason);
    }

    static Silence silence(String body, SnoozeConfig config, Instant now) {
        JsonNode node = read(body, "{\"duration\": \"PT24H\", \"reason\": \"device charging\"}");
        List<Problem.FieldError> errors = new ArrayList<>();
        Instant until = null;
        if (node.hasNonNull("until") && node.hasNonNull("duration")) {
            errors.add(new Problem.FieldError(null, "until", "CONFLICT", "either until or duration, not both"));
        } else if (node.hasNonNull("until")) {
            until = instant(node.get("until"), errors);
            if (until != null) {
                Duration period = Duration.between(now, until);
                if (period.compareTo(config.minimum()) < 0 || period.compareTo(config.maximumSilence()) > 0) {
                    errors.add(new Problem.FieldError(null, "until", "OUT_OF_RANGE", "from " + config.minimum()
                            + " to " + config.maximumSilence() + " from now"));
                    until = null;
                }
            }
        } else {
            Duration duration = duration(node, config.minimum(), config.maximumSilence(), errors);
            until = duration == null ? null : now.plus(duration);
        }
        String reason = reason(node, errors);
        check(errors);
        return new Silence(until, reason);
    }

    private static JsonNode read(String body, String example) {
        JsonNode node;
        try {
            node = body == null || body.isBlank() ? null : Json.mapper().readTree(body);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            node = null;
        }
        if (node == null || !node.isObject()) {
            throw new ProblemException(ProblemType.MALFORMED_REQUEST, "The body must be a JSON object like " + example
                    + ".");
        }
        return node;
    }

    private static Duration duration(JsonNode node, Duration min, Duration max, List<Problem.FieldError> errors) {
        JsonNode value = node.get("duration");
        if (value == null || value.isNull()) {
            errors.add(new Problem.FieldError(null, "duration", "REQUIRED", "an ISO-8601 duration, e.g. PT30M"));
            return null;
        }
        Duration duration;
        try {
            duration = value.isTextual() ? Duration.parse(value.asText()) : null;
        } catch (DateTimeException e) {
            duration = null;
        }
        if (duration == null) {
            errors.add(new Problem.FieldError(null, "duration", "INVALID", "an ISO-8601 duration, e.g. PT30M"));
            return null;
        }
        if (duration.compareTo(min) < 0 || duration.compareTo(max) > 0) {
            errors.add(new Problem.FieldError(null, "duration", "OUT_OF_RANGE", "from " + min + " to " + max));
            return null;
        }
        return duration;
    }

    private static Instant instant(JsonNode value, List<Problem.FieldError> errors) {
        try {
            if (value.isTextual()) {
                return OffsetDateTime.parse(value.asText()).toInstant();
            }
        } catch (DateTimeException e) {
            // answered below
        }
        errors.add(new Problem.FieldError(null, "until", "INVALID", "an ISO-8601 instant, e.g. 2026-12-01T08:00:00Z"));
        return null;
    }

    private static String reason(JsonNode node, List<Problem.FieldError> errors) {
        JsonNode value = node.get("reason");
        if (value == null || !value.isTextual() || value.asText().isBlank()) {
            errors.add(new Problem.FieldError(null, "reason", "REQUIRED", "why, for the team (e.g. patient in the"
                    + " shower, device charging)"));
            return null;
        }
        String text = value.asText();
        if (text.chars().anyMatch(c -> Character.isISOControl(c) && c != '\n' && c != '\r' && c != '\t')
                || ControlCharacters.unpairedSurrogate(text)) {
            // As alert notes: PostgreSQL stores neither a NUL nor a lone surrogate; line breaks and tabs are typed.
            errors.add(new Problem.FieldError(null, "reason", "INVALID",
                    "no control characters but line breaks and tabs, no unpaired surrogates"));
            return null;
        }
        String reason = text.strip();
        if (reason.length() > MAX_REASON) {
            errors.add(new Problem.FieldError(null, "reason", "TOO_LONG", "at most " + MAX_REASON + " characters"));
            return null;
        }
        return reason;
    }

    private static void check(List<Problem.FieldError> errors) {
        if (!errors.isEmpty()) {
            throw new ProblemException(ProblemType.VALIDATION_FAILED, "Invalid " + errors.get(0).field() + ".", errors,
                    Map.of());
        }
    }
}
