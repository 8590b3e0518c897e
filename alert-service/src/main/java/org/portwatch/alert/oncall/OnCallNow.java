package org.portwatch.alert.oncall;

import java.time.Instant;
import java.util.List;

/**
 * Who is on call for a care team at {@code at}: the covering shift (its start and end as instants) and its chain; or,
 * when no shift covers the time (or the team has no schedule), the {@code fallback} escalation goes to instead.
 */
public record OnCallNow(Instant at, String timeZone, ShiftNow shift, String level1, String level2, String chargeNurse,
        Fallback fallback) {

    /** The shift on call now. */
    public record ShiftNow(String name, Instant start, Instant end) {
    }

    /**
     * Where rounds go when no shift covers the time: the escalation policy's flat {@code contacts}
     * ({@code to} = CONTACTS), or, when it names none, the whole care team (WHOLE_TEAM); {@code reason} NO_SCHEDULE
     * (the team has none) or NO_SHIFT (a gap in it).
     */
    public record Fallback(String reason, String to, List<String> contacts) {
    }
}
