package org.portwatch.service.problem;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The FHIR dialect of our problems. A FHIR client reads errors as an {@code OperationOutcome}
 * (application/fhir+json), not as RFC 9457 problem+json, so every error answered under {@code /fhir/} (from a
 * resource, an exception mapper or a route filter before JAX-RS) is rendered here from the same {@link Problem}:
 * one problem, two notations. The problem's stable type travels as the issue's {@code details} coding, so a client
 * can tell a rate limit from a broker outage without reading prose.
 */
public final class OperationOutcomes {

    public static final String FHIR_JSON = "application/fhir+json";
    /** Where our own code system of problem types lives: the problem type URIs without their slug. */
    public static final String PROBLEM_SYSTEM = "urn:portwatch:problem";

    private OperationOutcomes() {
    }

    /** Whether a request to {@code path} is answered in FHIR's notation. */
    public static boolean speaksFhir(String path) {
        return path != null && (path.equals("/fhir") || path.startsWith("/fhir/"));
    }

    /** The problem as an OperationOutcome: one issue per field error, or one for the whole problem. */
    public static Map<String, Object> of(Problem problem) {
        List<Map<String, Object>> issues = new ArrayList<>();
        String slug = problem.type().startsWith(PROBLEM_SYSTEM + ":")
                ? problem.type().substring(PROBLEM_SYSTEM.length() + 1) : problem.type();
        String code = issueType(problem.status());
        if (problem.errors() == null || problem.errors().isEmpty()) {
            issues.add(issue(severity(problem.status()), code, slug, problem.title(), problem.detail(), null));
        } else {
            for (Problem.FieldError error : problem.errors()) {
                issues.add(issue(severity(problem.status()), code, slug, error.reason(), error.detail(),
                        error.field()));
            }
        }
        return outcome(issues);
    }

    /** An OperationOutcome of the given issues. */
    public static Map<String, Object> outcome(List<Map<String, Object>> issues) {
        Map<String, Object> outcome = new LinkedHashMap<>();
        outcome.put("resourceType", "OperationOutcome");
        outcome.put("issue", issues);
        return outcome;
    }

    /**
     * One issue.
     *
     * @param severity   fatal, error, warning or information
     * @param code       FHIR's IssueType (invalid, structure, required, value, security, login, forbidden,
     *                   not-found, not-supported, conflict, too-costly, throttled, transient, exception, informational)
     * @param detailCode a code of ours ({@link #PROBLEM_SYSTEM}), e.g. a problem slug or a rejection reason
     * @param detailText what the code means, for people
     * @param diagnostics the sentence saying what to do
     * @param expression the FHIRPath of the element at fault, or null
     */
    public static Map<String, Object> issue(String severity, String code, String detailCode, String detailText,
            String diagnostics, String expression) {
        Map<String, Object> issue = new LinkedHashMap<>();
        issue.put("severity", severity);
        issue.put("code", code);
        if (detailCode != null) {
            Map<String, Object> coding = new LinkedHashMap<>();
            coding.put("system", PROBLEM_SYSTEM);
            coding.put("code", detailCode);
            Map<String, Object> details = new LinkedHashMap<>();
            details.put("coding", List.of(coding));
            if (detailText != null) {
                details.put("text", detailText);
            }
            issue.put("details", details);
        }
        if (diagnostics != null) {
            issue.put("diagnostics", diagnostics);
        }
        if (expression != null) {
            issue.put("expression", List.of(expression));
        }
        return issue;
    }

    private static String severity(int status) {
        return status >= 500 ? "fatal" : "error";
    }

    /** FHIR's IssueType for an HTTP status of ours. */
    public static String issueType(int status) {
        return switch (status) {
            case 400 -> "structure";
            case 401 -> "login";
            case 403 -> "forbidden";
            case 404 -> "not-found";
            case 405, 406, 415 -> "not-supported";
            case 409 -> "conflict";
            case 413 -> "too-costly";
            case 422 -> "invalid";
            case 429 -> "throttled";
            case 503 -> "transient";
            default -> status >= 500 ? "exception" : "invalid";
        };
    }
}
