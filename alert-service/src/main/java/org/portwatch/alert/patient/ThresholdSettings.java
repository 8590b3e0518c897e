package org.portwatch.alert.patient;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.portwatch.model.Json;
import org.portwatch.model.Thresholds;
import org.portwatch.service.problem.Problem;

/**
 * Applies the thresholds a clinician sent (any subset of the {@link Thresholds} fields) to the ones in force, and
 * says what is wrong with the result. A field sent as {@code null} goes back to its default.
 *
 * <p>Why by hand and not by Jackson binding: a misspelt threshold silently ignored, or 10.5 minutes silently
 * truncated to 10, would leave a patient on rules nobody chose. Every unknown name and every non-number is refused.
 */
public final class ThresholdSettings {

    /** The prefix of a threshold's name in a problem's field errors: the JSON path in the request. */
    public static final String FIELD_PREFIX = "thresholds.";

    /** Each threshold's name and whether it takes whole numbers only, in the order of the record. */
    private static final Map<String, Boolean> FIELDS = fields();
    private static final ObjectNode DEFAULTS = Json.mapper().valueToTree(Thresholds.DEFAULTS);

    private ThresholdSettings() {
    }

    /**
     * The outcome of applying a change: the thresholds that would be in force, or why they may not be.
     *
     * @param thresholds the merged values, {@code null} when {@code errors} is not empty
     * @param errors     per-field problems, by JSON path ({@code thresholds.heartRateHigh})
     */
    public record Merge(Thresholds thresholds, List<Problem.FieldError> errors) {

        public boolean valid() {
            return errors.isEmpty();
        }
    }

    /** The names of every threshold, as in the API and on the topic. */
    public static List<String> names() {
        return List.copyOf(FIELDS.keySet());
    }

    /** {@code base} with every field of {@code changes} applied ({@code null} or empty changes nothing). */
    public static Merge merge(Thresholds base, Map<String, JsonNode> changes) {
        ObjectNode merged = Json.mapper().valueToTree(base);
        List<Problem.FieldError> errors = new ArrayList<>();
        if (changes != null) {
            changes.forEach((name, value) -> {
                Boolean whole = FIELDS.get(name);
                if (whole == null) {
                    errors.add(error(name, "UNKNOWN_THRESHOLD", "is not a threshold; known are " + names()));
                } else if (value == null || value.isNull()) {
                    merged.set(name, DEFAULTS.get(name));
                } else if (!value.isNumber()) {
                    errors.add(error(name, "NOT_A_NUMBER", "must be a number"));
                } else if (whole && !isWholeNumber(value)) {
                    errors.add(error(name, "NOT_A_WHOLE_NUMBER", "must be a whole number"));
                } else if (!whole && !Double.isFinite(value.doubleValue())) {
                    errors.add(error(name, "NOT_A_NUMBER", "must be a finite number"));
                } else {
                    merged.set(name, whole ? merged.numberNode(value.intValue()) : merged.numberNode(value.doubleValue()));
                }
            });
        }
        if (!errors.isEmpty()) {
            return new Merge(null, List.copyOf(errors));
        }
        Thresholds thresholds = read(merged);
        for (String violation : thresholds.violations()) {
            // Thresholds says "field: reason"; the field becomes the JSON path, the reason the detail.
            int colon = violation.indexOf(':');
            String name = colon < 0 ? violation : violation.substring(0, colon);
            String reason = colon < 0 ? violation : violation.substring(colon + 1).strip();
            errors.add(error(name, "OUT_OF_RANGE", reason));
        }
        return errors.isEmpty() ? new Merge(thresholds, List.of()) : new Merge(null, List.copyOf(errors));
    }

    /** The names of the thresholds whose values differ, in the order of the record. */
    public static List<String> changed(Thresholds before, Thresholds after) {
        if (before == null || after == null) {
            return before == after ? List.of() : names();
        }
        ObjectNode a = Json.mapper().valueToTree(before);
        ObjectNode b = Json.mapper().valueToTree(after);
        return FIELDS.keySet().stream().filter(name -> !a.get(name).equals(b.get(name))).toList();
    }

    private static boolean isWholeNumber(JsonNode value) {
        if (value.isIntegralNumber()) {
            return value.canConvertToInt();
        }
        double number = value.doubleValue();
        return number == Math.rint(number) && number >= Integer.MIN_VALUE && number <= Integer.MAX_VALUE;
    }

    private static Problem.FieldError error(String name, String reason, String detail) {
        return new Problem.FieldError(null, FIELD_PREFIX + name, reason, detail);
    }

    private static Thresholds read(ObjectNode node) {
        try {
            return Json.mapper().treeToValue(node, Thresholds.class);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Thresholds could not be read back from their own fields", e);
        }
    }

    private static Map<String, Boolean> fields() {
        Map<String, Boolean> fields = new LinkedHashMap<>();
        Arrays.stream(Thresholds.class.getRecordComponents())
                .forEach((RecordComponent c) -> fields.put(c.getName(), c.getType() == int.class || c.getType() == long.class));
        return Collections.unmodifiableMap(fields);
    }
}
