package org.portwatch.alert.alerts;

import io.smallrye.mutiny.Uni;
import java.time.Instant;
import java.util.UUID;
import org.portwatch.model.AlertCondition;
import org.portwatch.model.Severity;

/**
 * What alerts needs of snooze and silence, implemented by the package that owns them (snooze): a patient's active
 * silence, so that an alert the detector raises during it is recorded silenced, and the counts of snoozes begun and
 * ended. Alerts owns the interface so that snooze can use alerts and alerts never imports snooze.
 */
public interface Snoozing {

    /** An active silence of a patient's alerts of one condition. */
    record ActiveSilence(UUID silenceId, Instant until, String by, String reason, String careTeamId) {

        /** Whether it is {@code careTeamId}'s: a silence set by a team the patient left silences nothing now. */
        public boolean of(String careTeamId) {
            return careTeamId != null && careTeamId.equals(this.careTeamId);
        }
    }

    /** How a snooze (or a silence, for one alert) ended. */
    enum End {
        /** Its time ran out. */
        EXPIRED,
        /** A clinician ended it early. */
        ENDED,
        /** The detector raised the alert's severity: a worse episode is notified at once. */
        SUPERSEDED,
        /** The alert was resolved meanwhile. */
        RESOLVED
    }

    /** The patient's active silence of {@code condition} that lasts longest, or null. Joins the caller's session. */
    Uni<ActiveSilence> activeSilence(String patientId, AlertCondition condition);

    /** As {@link #activeSilence(String, AlertCondition)}, other than {@code except} (a silence being ended). */
    Uni<ActiveSilence> activeSilence(String patientId, AlertCondition condition, UUID except);

    /** A snooze began for one alert ({@code silence}: a silence did it). */
    void started(AlertCondition condition, Severity severity, boolean silence);

    /** A snooze ended for one alert. */
    void ended(AlertCondition condition, Severity severity, boolean silence, End why);
}
