package org.portwatch.k8s;

import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The metric names a PromQL expression reads. Enough of the grammar for alert rules and dashboards: string
 * literals, label matchers, range and offset brackets, and grouping label lists are removed first; what remains
 * that is an identifier, not a function call, not a keyword and not a number is a metric name.
 */
public final class PromQl {

    private static final Pattern STRING = Pattern.compile("\"(?:[^\"\\\\]|\\\\.)*\"|'(?:[^'\\\\]|\\\\.)*'|`[^`]*`");
    private static final Pattern MATCHERS = Pattern.compile("\\{[^}]*}");
    private static final Pattern BRACKETS = Pattern.compile("\\[[^]]*]");
    private static final Pattern LABEL_LIST = Pattern.compile(
            "\\b(by|without|on|ignoring|group_left|group_right)\\s*\\([^)]*\\)");
    private static final Pattern IDENTIFIER = Pattern.compile("[a-zA-Z_:][a-zA-Z0-9_:]*");
    private static final Set<String> KEYWORDS = Set.of("by", "without", "on", "ignoring", "group_left",
            "group_right", "bool", "and", "or", "unless", "offset", "inf", "nan", "atan2");
    private static final Pattern DURATION = Pattern.compile("\\d+(ms|s|m|h|d|w|y)");

    private PromQl() {
    }

    public static Set<String> metricNames(String expression) {
        String stripped = STRING.matcher(expression).replaceAll(" ");
        stripped = MATCHERS.matcher(stripped).replaceAll(" ");
        stripped = BRACKETS.matcher(stripped).replaceAll(" ");
        stripped = LABEL_LIST.matcher(stripped).replaceAll(" ");
        stripped = DURATION.matcher(stripped).replaceAll(" ");
        Set<String> names = new TreeSet<>();
        Matcher m = IDENTIFIER.matcher(stripped);
        while (m.find()) {
            String identifier = m.group();
            int next = m.end();
            while (next < stripped.length() && Character.isWhitespace(stripped.charAt(next))) {
                next++;
            }
            boolean call = next < stripped.length() && stripped.charAt(next) == '(';
            boolean partOfNumber = m.start() > 0 && (Character.isDigit(stripped.charAt(m.start() - 1))
                    || stripped.charAt(m.start() - 1) == '.');
            if (!call && !partOfNumber && !KEYWORDS.contains(identifier.toLowerCase(java.util.Locale.ROOT))) {
                names.add(identifier);
            }
        }
        return names;
    }
}
