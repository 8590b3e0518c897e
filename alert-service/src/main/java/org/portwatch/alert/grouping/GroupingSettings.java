package org.portwatch.alert.grouping;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.Map;
import org.portwatch.alert.audit.AuditLog;

/**
 * Whether a care team groups its alerts: its own setting, or the configured default. {@link #inForce} and
 * {@link #update} are the API's, each in a session of its own.
 */
@ApplicationScoped
public class GroupingSettings {

    private final GroupingSettingRepository repository;
    private final GroupingConfig config;
    private final GroupedAlerts alerts;
    private final GroupingMetrics metrics;
    private final AuditLog audit;

    public GroupingSettings(GroupingSettingRepository repository, GroupingConfig config, GroupedAlerts alerts,
            GroupingMetrics metrics, AuditLog audit) {
        this.repository = repository;
        this.config = config;
        this.alerts = alerts;
        this.metrics = metrics;
        this.audit = audit;
    }

    /** The setting in force for {@code careTeamId}, and whether it is the team's own. */
    public record Setting(boolean enabled, boolean teamSetting) {
    }

    /** The team's setting, or the default; joins the caller's session. */
    Uni<Setting> of(String careTeamId) {
        return repository.find(careTeamId).map(own -> own == null ? new Setting(config.enabledByDefault(), false)
                : new Setting(own, true));
    }

    /** Whether the default is ON: what the recording path assumes for a team without a row. */
    public boolean enabledByDefault() {
        return config.enabledByDefault();
    }

    @WithSession
    public Uni<Setting> inForce(String careTeamId) {
        return of(careTeamId);
    }

    /**
     * Sets the team's grouping, audited, in one transaction. Switching it off releases the team's grouped alerts in
     * the same transaction: each notifies and escalates on its own from now, so none stays silent under a setting that
     * no longer holds.
     */
    public Uni<Setting> update(String careTeamId, boolean enabled, String by, Instant at) {
        return updateInTransaction(careTeamId, enabled, by, at)
                .invoke(released -> {
                    if (released > 0) {
                        alerts.committed();
                        metrics.released(GroupingMetrics.Release.GROUPING_OFF, released);
                    }
                })
                .replaceWith(new Setting(enabled, true));
    }

    private Uni<Integer> updateInTransaction(String careTeamId, boolean enabled, String by, Instant at) {
        return Panache.withTransaction(() -> repository.save(careTeamId, enabled, by, at)
                .flatMap(saved -> enabled ? Uni.createFrom().item(0) : alerts.releaseAll(careTeamId, by, at))
                .call(released -> audit.record(by, "grouping.update", "care-team", careTeamId,
                        Map.of("enabled", enabled, "released", released))));
    }
}
