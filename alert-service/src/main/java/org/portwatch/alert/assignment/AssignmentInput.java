package org.portwatch.alert.assignment;

import java.util.List;
import java.util.Map;
import org.portwatch.service.problem.Problem;
import org.portwatch.service.problem.ProblemException;
import org.portwatch.service.problem.ProblemType;
import org.portwatch.service.security.ControlCharacters;

/**
 * The bodies of {@code PUT .../assignee} ({@code {"assignee": "<subject>"}}) and {@code POST .../comments}
 * ({@code {"text": "..."}}), checked before anything is looked up: a bad body costs no database call and changes
 * nothing (422 naming the field).
 */
public final class AssignmentInput {

    /** A subject, as long as the columns that hold one (acknowledged_by, assignee). */
    static final int MAX_SUBJECT = 200;

    /** The body of an assignment. */
    public record Assignee(String assignee) {
    }

    /** The body of a comment. */
    public record Comment(String text) {
    }

    private AssignmentInput() {
    }

    /** The subject to assign to, stripped; 422 (field {@code assignee}) when missing, too long or not plain text. */
    static String assignee(Assignee input) {
        String subject = input == null ? null : input.assignee();
        if (subject == null || subject.isBlank()) {
            throw invalid("assignee", "REQUIRED", "the subject of a clinician of the alert's care team");
        }
        if (subject.length() > MAX_SUBJECT || ControlCharacters.contains(subject)
                || ControlCharacters.unpairedSurrogate(subject)) {
            throw invalid("assignee", "INVALID", "1-" + MAX_SUBJECT + " characters, " + ControlCharacters.PLAIN_TEXT_MESSAGE);
        }
        return subject.strip();
    }

    /**
     * The comment's text, stripped; 422 (field {@code text}) when missing, longer than {@code maxLength}, or with
     * control characters other than line breaks and tabs (what a clinician types) or a lone surrogate (PostgreSQL
     * refuses both, as the acknowledge note found).
     */
    static String text(Comment input, int maxLength) {
        String text = input == null ? null : input.text();
        if (text == null || text.isBlank()) {
            throw invalid("text", "REQUIRED", "the comment's text");
        }
        if (text.chars().anyMatch(c -> Character.isISOControl(c) && c != '\n' && c != '\r' && c != '\t')
                || ControlCharacters.unpairedSurrogate(text)) {
            throw invalid("text", "INVALID", "no control characters but line breaks and tabs, no unpaired surrogates");
        }
        String stripped = text.strip();
        if (stripped.length() > maxLength) {
            throw invalid("text", "TOO_LONG", "at most " + maxLength + " characters");
        }
        return stripped;
    }

    private static ProblemException invalid(String field, String reason, String detail) {
        return new ProblemException(ProblemType.VALIDATION_FAILED, "Invalid " + field + ".",
                List.of(new Problem.FieldError(null, field, reason, detail)), Map.of());
    }
}
