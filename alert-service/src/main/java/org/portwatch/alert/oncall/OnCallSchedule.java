package org.portwatch.alert.oncall;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * A care team's on-call schedule: shifts in local time of {@code zone}. Pure (no clock, no database), so the rules
 * about midnight and daylight saving are tested as plain tables.
 *
 * <p>A shift runs from {@code start} on each of its {@code days} to {@code end} the same day, or the next day when
 * {@code end} is not after {@code start} (a night shift; {@code end == start}: a 24-hour shift). Instants are
 * computed with {@link ZonedDateTime} in the zone, so a night shift across a DST change lasts 11 or 13 hours of
 * real time, and a local time that does not exist (skipped by the clocks going forward) is moved forward by the gap,
 * as {@link ZonedDateTime#of} does.
 */
public record OnCallSchedule(ZoneId zone, List<Shift> shifts) {

    /** Minutes in a week: shifts are checked for overlap on this circle of local time. */
    static final int WEEK = 7 * 24 * 60;

    /**
     * One shift and its escalation chain: clinicians' subjects, {@code level1} required, {@code level2} and
     * {@code chargeNurse} null when nobody holds them.
     */
    public record Shift(String name, Set<DayOfWeek> days, LocalTime start, LocalTime end, String level1,
            String level2, String chargeNurse) {

        /** The chain in order: level 1, level 2, charge nurse (null entries: nobody). */
        public List<String> levels() {
            List<String> levels = new ArrayList<>(3);
            levels.add(level1);
            levels.add(level2);
            levels.add(chargeNurse);
            return levels;
        }

        boolean acrossMidnight() {
            return !end.isAfter(start);
        }
    }

    /** The shift covering an instant, and the instants it started and ends at. */
    public record Covered(Shift shift, Instant start, Instant end) {
    }

    /** The shift covering {@code at}; null when none does (a gap in the schedule). */
    public Covered coverAt(Instant at) {
        LocalDate today = at.atZone(zone).toLocalDate();
        // A shift that covers now started today or, across midnight, yesterday.
        for (LocalDate day : List.of(today, today.minusDays(1))) {
            for (Shift shift : shifts) {
                if (!shift.days().contains(day.getDayOfWeek())) {
                    continue;
                }
                ZonedDateTime start = ZonedDateTime.of(day, shift.start(), zone);
                ZonedDateTime end = ZonedDateTime.of(shift.acrossMidnight() ? day.plusDays(1) : day, shift.end(), zone);
                if (!at.isBefore(start.toInstant()) && at.isBefore(end.toInstant())) {
                    return new Covered(shift, start.toInstant(), end.toInstant());
                }
            }
        }
        return null;
    }

    /**
     * The names of two shifts that overlap in local time (the same minute of the same day, counting a night shift
     * into the next morning, Sunday night into Monday); null when none do.
     */
    static String[] overlapping(List<Shift> shifts) {
        List<int[]> spans = new ArrayList<>();
        List<Integer> owners = new ArrayList<>();
        for (int i = 0; i < shifts.size(); i++) {
            Shift shift = shifts.get(i);
            int from = shift.start().toSecondOfDay() / 60;
            int length = (shift.end().toSecondOfDay() / 60) - from + (shift.acrossMidnight() ? 24 * 60 : 0);
            for (DayOfWeek day : shift.days()) {
                int begin = (day.getValue() - 1) * 24 * 60 + from;
                int finish = begin + length;
                // Past Sunday midnight: the rest wraps around to Monday morning.
                spans.add(new int[] {begin, Math.min(finish, WEEK)});
                owners.add(i);
                if (finish > WEEK) {
                    spans.add(new int[] {0, finish - WEEK});
                    owners.add(i);
                }
            }
        }
        for (int a = 0; a < spans.size(); a++) {
            for (int b = a + 1; b < spans.size(); b++) {
                if (!owners.get(a).equals(owners.get(b)) && spans.get(a)[0] < spans.get(b)[1]
                        && spans.get(b)[0] < spans.get(a)[1]) {
                    return new String[] {shifts.get(owners.get(a)).name(), shifts.get(owners.get(b)).name()};
                }
            }
        }
        return null;
    }
}
