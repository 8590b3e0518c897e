package org.portwatch.alert.snooze;

import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.portwatch.alert.alerts.Snoozing;
import org.portwatch.model.AlertCondition;
import org.portwatch.model.Severity;

/** What alerts asks of snooze: a patient's active silence, and the counts of snoozes begun and ended. */
@ApplicationScoped
class SnoozeSupport implements Snoozing {

    private final SilenceRepository silences;
    private final SnoozeMetrics metrics;

    SnoozeSupport(SilenceRepository silences, SnoozeMetrics metrics) {
        this.silences = silences;
        this.metrics = metrics;
    }

    @Override
    public Uni<ActiveSilence> activeSilence(String patientId, AlertCondition condition) {
        if (condition != AlertCondition.NO_DATA) {
            // Only NO_DATA is ever silenced: FEVER and the others always reach the team.
            return Uni.createFrom().nullItem();
        }
        return silences.active(patientId, condition).map(SnoozeSupport::view);
    }

    @Override
    public Uni<ActiveSilence> activeSilence(String patientId, AlertCondition condition, java.util.UUID except) {
        if (condition != AlertCondition.NO_DATA) {
            return Uni.createFrom().nullItem();
        }
        return silences.activeOther(patientId, condition, except).map(SnoozeSupport::view);
    }

    private static ActiveSilence view(org.portwatch.alert.snooze.Silence silence) {
        return silence == null ? null
                : new ActiveSilence(silence.getSilenceId(), silence.getUntil(), silence.getCreatedBy(), silence.getReason(),
                        silence.getCareTeamId());
    }

    @Override
    public void started(AlertCondition condition, Severity severity, boolean silence) {
        metrics.started(condition, severity, silence);
    }

    @Override
    public void ended(AlertCondition condition, Severity severity, boolean silence, End why) {
        metrics.ended(condition, severity, silence, why);
    }
}
