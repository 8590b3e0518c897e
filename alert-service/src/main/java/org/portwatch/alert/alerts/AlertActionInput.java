package org.portwatch.alert.alerts;

import java.util.List;
import java.util.Map;
import org.portwatch.model.Json;
import org.portwatch.service.problem.Problem;
import org.portwatch.service.problem.ProblemException;
import org.portwatch.service.problem.ProblemType;
import org.portwatch.service.security.ControlCharacters;

/**
 * The body of acknowledge and resolve: an optional note for the timeline (seen by the care team), and on resolve an
 * optional {@link Outcome} (was it actionable?). The body itself
 * is optional too — {@code curl -X POST .../acknowledge} is a complete request — so it is read by hand rather than
 * by content negotiation, which would answer 415 to a POST without a body.
 */
public record AlertActionInput(String note, String outcome) {

    static final int MAX_NOTE = 2000;

    /** The outcome of {@code body}: null when there is none; 422 for a value that is not an {@link Outcome}. */
    static Outcome outcomeOf(String body) {
        if (body == null || body.isBlank()) {
            return null;
        }
        AlertActionInput input = read(body);
        if (input == null || input.outcome() == null) {
            return null;
        }
        try {
            return Outcome.valueOf(input.outcome());
        } catch (IllegalArgumentException e) {
            throw new ProblemException(ProblemType.VALIDATION_FAILED, "Unknown outcome.",
                    List.of(new Problem.FieldError(null, "outcome", "INVALID",
                            "one of ACTIONABLE, FALSE_ALARM, KNOWN_CONDITION, PATIENT_CONTACTED")), Map.of());
        }
    }

    private static AlertActionInput read(String body) {
        try {
            return Json.mapper().readValue(body, AlertActionInput.class);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new ProblemException(ProblemType.MALFORMED_REQUEST,
                    "The body must be a JSON object like {\"note\": \"...\"}, or empty.");
        }
    }

    /** The note of {@code body}: null when there is none. 400 for malformed JSON, 422 for a note too long. */
    static String noteOf(String body) {
        if (body == null || body.isBlank()) {
            return null;
        }
        AlertActionInput input = read(body);
        if (input == null || input.note() == null || input.note().isBlank()) {
            return null;
        }
        if (input.note().chars().anyMatch(c -> Character.isISOControl(c) && c != '\n' && c != '\r' && c != '\t')
                || ControlCharacters.unpairedSurrogate(input.note())) {
            // PostgreSQL cannot store a NUL (the acknowledgement answered 500, found by security.FuzzTest) nor a lone
            // surrogate; line breaks and tabs are what a clinician types, other control characters are not.
            throw new ProblemException(ProblemType.VALIDATION_FAILED, "The note contains control characters.",
                    List.of(new Problem.FieldError(null, "note", "INVALID",
                            "no control characters but line breaks and tabs, no unpaired surrogates")),
                    Map.of());
        }
        if (input.note().length() > MAX_NOTE) {
            throw new ProblemException(ProblemType.VALIDATION_FAILED, "The note is too long.",
                    List.of(new Problem.FieldError(null, "note", "TOO_LONG", "at most " + MAX_NOTE + " characters")),
                    Map.of());
        }
        return input.note().strip();
    }
}
