package org.portwatch.alert.oncall;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.portwatch.alert.oncall.ScheduleInput.ShiftInput;
import org.portwatch.service.problem.ProblemException;

/** The schedule's rules as plain tables: which shift covers an instant (midnight, DST), and which inputs are refused. */
class OnCallScheduleTest {

    private static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");

    private static OnCallSchedule.Shift shift(String name, Set<DayOfWeek> days, String start, String end) {
        return new OnCallSchedule.Shift(name, days, LocalTime.parse(start), LocalTime.parse(end), "l1-" + name, null,
                null);
    }

    /** Berlin, weekdays: Day 08:00-20:00 and Night 20:00-08:00 (into the next morning); Saturday a Night only. */
    private static final OnCallSchedule WEEK = new OnCallSchedule(BERLIN, List.of(
            shift("Day", Set.of(DayOfWeek.MONDAY, DayOfWeek.TUESDAY, DayOfWeek.WEDNESDAY, DayOfWeek.THURSDAY,
                    DayOfWeek.FRIDAY), "08:00", "20:00"),
            shift("Night", Set.of(DayOfWeek.MONDAY, DayOfWeek.TUESDAY, DayOfWeek.WEDNESDAY, DayOfWeek.THURSDAY,
                    DayOfWeek.FRIDAY, DayOfWeek.SATURDAY), "20:00", "08:00")));

    @ParameterizedTest(name = "{0} -> {1} [{2}, {3})")
    @CsvSource({
            // Winter (CET, +01:00): Tuesday 2027-01-12.
            "2027-01-12T10:00:00Z, Day, 2027-01-12T07:00:00Z, 2027-01-12T19:00:00Z",
            "2027-01-12T18:59:59Z, Day, 2027-01-12T07:00:00Z, 2027-01-12T19:00:00Z",
            "2027-01-12T19:00:00Z, Night, 2027-01-12T19:00:00Z, 2027-01-13T07:00:00Z",
            // After midnight: Tuesday's night shift, started the day before.
            "2027-01-13T02:00:00Z, Night, 2027-01-12T19:00:00Z, 2027-01-13T07:00:00Z",
            // Saturday's night into Sunday 2027-03-28, when clocks go 02:00 -> 03:00: 11 hours of real time.
            "2027-03-28T01:30:00Z, Night, 2027-03-27T19:00:00Z, 2027-03-28T06:00:00Z",
            "2027-03-28T05:59:00Z, Night, 2027-03-27T19:00:00Z, 2027-03-28T06:00:00Z",
            // Saturday's night into Sunday 2027-10-31, when clocks go 03:00 -> 02:00: 13 hours of real time.
            "2027-10-31T06:30:00Z, Night, 2027-10-30T18:00:00Z, 2027-10-31T07:00:00Z",
    })
    void shouldFindTheShiftCoveringAnInstantInTheTeamsZone(String at, String name, String start, String end) {
        OnCallSchedule.Covered covered = WEEK.coverAt(Instant.parse(at));
        assertThat(covered).isNotNull();
        assertThat(covered.shift().name()).isEqualTo(name);
        assertThat(covered.start()).isEqualTo(Instant.parse(start));
        assertThat(covered.end()).isEqualTo(Instant.parse(end));
    }

    @ParameterizedTest
    @CsvSource({
            // Sunday daytime: no shift. Saturday daytime likewise.
            "2027-01-17T12:00:00Z", "2027-01-16T12:00:00Z",
            // Sunday 2027-03-28 08:00 CEST: the night ended at 06:00Z, not at 07:00Z as in winter.
            "2027-03-28T06:00:00Z",
            // Monday 07:59 local: Sunday has no night shift.
            "2027-01-18T06:59:00Z"})
    void shouldFindNoShiftInAGap(String at) {
        assertThat(WEEK.coverAt(Instant.parse(at))).isNull();
    }

    @Test
    void shouldTreatEqualStartAndEndAsTwentyFourHours() {
        OnCallSchedule allDay = new OnCallSchedule(ZoneId.of("UTC"),
                List.of(shift("All", Set.of(DayOfWeek.values()), "07:00", "07:00")));
        OnCallSchedule.Covered covered = allDay.coverAt(Instant.parse("2027-01-12T06:59:00Z"));
        assertThat(covered.start()).isEqualTo(Instant.parse("2027-01-11T07:00:00Z"));
        assertThat(covered.end()).isEqualTo(Instant.parse("2027-01-12T07:00:00Z"));
    }

    @Test
    void shouldFindOverlapsOnTheSameDayAcrossMidnightAndAcrossTheWeek() {
        Set<DayOfWeek> monday = Set.of(DayOfWeek.MONDAY);
        Set<DayOfWeek> tuesday = Set.of(DayOfWeek.TUESDAY);
        Set<DayOfWeek> sunday = Set.of(DayOfWeek.SUNDAY);
        assertThat(OnCallSchedule.overlapping(List.of(shift("A", monday, "08:00", "16:00"),
                shift("B", monday, "15:59", "20:00")))).containsExactly("A", "B");
        assertThat(OnCallSchedule.overlapping(List.of(shift("A", monday, "08:00", "16:00"),
                shift("B", monday, "16:00", "20:00")))).isNull();
        assertThat(OnCallSchedule.overlapping(List.of(shift("Night", monday, "22:00", "06:00"),
                shift("Early", tuesday, "05:00", "09:00")))).isNotNull();
        assertThat(OnCallSchedule.overlapping(List.of(shift("Night", sunday, "22:00", "06:00"),
                shift("Early", monday, "05:00", "09:00")))).isNotNull();
        assertThat(OnCallSchedule.overlapping(List.of(shift("Night", sunday, "22:00", "06:00"),
                shift("Early", monday, "06:00", "09:00")))).isNull();
    }

    private static ShiftInput good() {
        return new ShiftInput("Day", List.of("MONDAY"), "08:00", "20:00", "dr-a", "", null);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "unknown zone|Mars/Olympus|Day|MONDAY|08:00|20:00|dr-a|timeZone",
            "fixed offset|+02:00|Day|MONDAY|08:00|20:00|dr-a|timeZone",
            "bad time|Europe/Berlin|Day|MONDAY|24:00|20:00|dr-a|shifts[0].start",
            "time with seconds|Europe/Berlin|Day|MONDAY|08:00|20:00:00|dr-a|shifts[0].end",
            "unknown day|Europe/Berlin|Day|MONTAG|08:00|20:00|dr-a|shifts[0].days",
            "no level 1|Europe/Berlin|Day|MONDAY|08:00|20:00| |shifts[0].level1",
            "blank name|Europe/Berlin| |MONDAY|08:00|20:00|dr-a|shifts[0].name"})
    void shouldRefuseABadShiftNamingTheField(String why, String zone, String name, String day, String start,
            String end, String level1, String field) {
        ScheduleInput input = new ScheduleInput(zone, List.of(
                new ShiftInput(name, List.of(day), start, end, level1, null, null)));
        assertThatThrownBy(input::validated).isInstanceOfSatisfying(ProblemException.class,
                problem -> assertThat(problem.errors()).extracting(error -> error.field()).containsExactly(field));
    }

    @Test
    void shouldAcceptAGoodScheduleAndEmptyOptionalLevels() {
        OnCallSchedule schedule = new ScheduleInput("Europe/Berlin", List.of(good())).validated();
        assertThat(schedule.shifts().get(0).level2()).isNull();
        assertThat(schedule.shifts().get(0).levels()).containsExactly("dr-a", null, null);
        assertThat(new ScheduleInput(null, List.of()).validated().shifts()).isEmpty();
    }
}
