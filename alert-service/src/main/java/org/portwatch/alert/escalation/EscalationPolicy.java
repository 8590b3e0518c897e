package org.portwatch.alert.escalation;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.portwatch.model.Severity;

/**
 * How one care team escalates: after how long an unacknowledged alert goes to the on-call {@code contacts}, and
 * how often it is repeated. LOW alerts (NO_DATA) are not escalated: docs/clinical-rules.md names HIGH, CRITICAL and MEDIUM.
 */
public record EscalationPolicy(Duration highAfter, Duration mediumAfter, Duration repeatEvery, List<String> contacts) {

    /** When an alert of {@code severity} raised at {@code raisedAt} is first escalated; null when never. */
    public Instant firstDue(Severity severity, Instant raisedAt) {
        return switch (severity) {
            case HIGH, CRITICAL -> raisedAt.plus(highAfter);
            case MEDIUM -> raisedAt.plus(mediumAfter);
            case LOW -> null;
        };
    }

    /** When the round after one sent (or tried) at {@code at} is due. */
    public Instant nextRound(Instant at) {
        return at.plus(repeatEvery);
    }
}
