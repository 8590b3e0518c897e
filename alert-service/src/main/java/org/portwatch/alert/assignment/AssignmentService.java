package org.portwatch.alert.assignment;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.portwatch.alert.assignment.AssignableAlerts.Assignable;
import org.portwatch.alert.assignment.AssignmentMetrics.Action;
import org.portwatch.alert.security.CareTeamAccess;
import org.portwatch.alert.audit.AuditLog;
import org.portwatch.service.problem.ProblemException;
import org.portwatch.service.problem.ProblemType;

/**
 * Assign, reassign, unassign, comment, read the thread: each on an alert of the caller's care teams (any other does
 * not exist for them: 404), each change in one transaction with its timeline entry, feed event, notification and
 * audit row, under the alert's row lock, so two clinicians assigning at once are applied in turn.
 */
@ApplicationScoped
public class AssignmentService {

    /** The column's length: a longer configured limit could not be stored. */
    static final int COLUMN_LENGTH = 2000;

    private final AssignableAlerts alerts;
    private final CommentRepository comments;
    private final TeamClinicians clinicians;
    private final AuditLog audit;
    private final AssignmentMetrics metrics;
    private final AssignmentConfig config;
    private final Clock clock;

    AssignmentService(AssignableAlerts alerts, CommentRepository comments, TeamClinicians clinicians, AuditLog audit,
            AssignmentMetrics metrics, AssignmentConfig config, Clock clock) {
        if (config.maxLength() < 1 || config.maxLength() > COLUMN_LENGTH || config.maxPerAlert() < 1) {
            throw new IllegalStateException("alerts.comments.max-length must be 1-" + COLUMN_LENGTH
                    + " and alerts.comments.max-per-alert at least 1");
        }
        this.alerts = alerts;
        this.comments = comments;
        this.clinicians = clinicians;
        this.audit = audit;
        this.metrics = metrics;
        this.config = config;
        this.clock = clock;
    }

    int maxLength() {
        return config.maxLength();
    }

    /** What a change answers, and what it did (null: nothing, e.g. the same assignee again). */
    private record Changed(AssignmentView view, Action action) {
    }

    /**
     * Assigns the alert to {@code assignee}, a clinician of its team ({@link TeamClinicians}); 409 when it is resolved.
     * The same assignee again changes nothing and notifies nobody (a PUT is idempotent).
     */
    public Uni<AssignmentView> assign(String alertId, String assignee, CareTeamAccess access) {
        UUID id = parse(alertId);
        String by = access.subject();
        Instant now = now();
        return Panache.withTransaction(() -> alerts.findForUpdate(id).flatMap(alert -> {
                    open(visible(alert, access));
                    if (assignee.equals(alert.assignee())) {
                        return Uni.createFrom().item(new Changed(
                                new AssignmentView(alertId, assignee, alert.assignedAt()), null));
                    }
                    return clinicians.isOfTeam(alert.careTeamId(), assignee, by).flatMap(known -> {
                        if (!known) {
                            throw new ProblemException(ProblemType.VALIDATION_FAILED, "Not a clinician of the alert's"
                                    + " care team.", List.of(new org.portwatch.service.problem.Problem.FieldError(null,
                                    "assignee", "NOT_OF_TEAM", "yourself, or a clinician of the alert's care team with a"
                                            + " device subscribed to its alerts")), Map.of());
                        }
                        Action action = alert.assignee() == null ? Action.ASSIGNED : Action.REASSIGNED;
                        return alerts.assign(id, assignee, by, now)
                                .call(() -> audit.record(by, "alert.assign", "alert", alertId,
                                        details(assignee, alert.assignee())))
                                .replaceWith(new Changed(new AssignmentView(alertId, assignee, now), action));
                    });
                }))
                .invoke(this::committed)
                .map(Changed::view);
    }

    /** Nobody's any more; 409 when it is resolved. Unassigning an alert nobody has changes nothing. */
    public Uni<AssignmentView> unassign(String alertId, CareTeamAccess access) {
        UUID id = parse(alertId);
        String by = access.subject();
        Instant now = now();
        return Panache.withTransaction(() -> alerts.findForUpdate(id).flatMap(alert -> {
                    open(visible(alert, access));
                    AssignmentView nobody = new AssignmentView(alertId, null, null);
                    if (alert.assignee() == null) {
                        return Uni.createFrom().item(new Changed(nobody, null));
                    }
                    return alerts.assign(id, null, by, now)
                            .call(() -> audit.record(by, "alert.unassign", "alert", alertId,
                                    details(null, alert.assignee())))
                            .replaceWith(new Changed(nobody, Action.UNASSIGNED));
                }))
                .invoke(this::committed)
                .map(Changed::view);
    }

    /**
     * Adds {@code text} (checked by {@link AssignmentInput#text}) to the thread, resolved alerts included (a follow-up
     * belongs with the alert); 409 when the thread is full. Audited with the text's length, never the text.
     */
    public Uni<CommentView> comment(String alertId, String text, CareTeamAccess access) {
        UUID id = parse(alertId);
        String by = access.subject();
        Instant now = now();
        return Panache.withTransaction(() -> alerts.findForUpdate(id).flatMap(alert -> {
                    visible(alert, access);
                    return comments.countOf(id).flatMap(count -> {
                        if (count >= config.maxPerAlert()) {
                            throw new ProblemException(ProblemType.CONFLICT, "The alert's thread is full ("
                                    + config.maxPerAlert() + " comments).");
                        }
                        AlertComment comment = new AlertComment(id, by, now, text);
                        return comments.persist(comment)
                                .call(() -> alerts.commented(id, by, now))
                                .call(() -> audit.record(by, "alert.comment", "alert", alertId,
                                        Map.of("length", text.length())))
                                .map(CommentView::of);
                    });
                }))
                .invoke(comment -> {
                    alerts.committed();
                    metrics.commented();
                });
    }

    /** The thread, oldest first; the read is audited (clinical free text about a patient) as an alert's detail is. */
    public Uni<List<CommentView>> thread(String alertId, CareTeamAccess access) {
        UUID id = parse(alertId);
        String by = access.subject();
        return Panache.withSession(() -> alerts.find(id).flatMap(alert -> {
                    visible(alert, access);
                    return comments.thread(id);
                }))
                .call(thread -> audit.append(by, "alert.comments.read", "alert", alertId, Map.of("count", thread.size())));
    }

    private void committed(Changed changed) {
        if (changed.action() != null) {
            alerts.committed();
            metrics.assignment(changed.action());
        }
    }

    private static Assignable visible(Assignable alert, CareTeamAccess access) {
        if (alert == null || !access.canReadPatientData(alert.careTeamId())) {
            throw notFound();
        }
        return alert;
    }

    private static void open(Assignable alert) {
        if (alert.resolved()) {
            throw new ProblemException(ProblemType.CONFLICT, "The alert is resolved: only open alerts are assigned.");
        }
    }

    /** Who now and who before (subjects: ids, no patient data); "" for nobody. */
    private static Map<String, Object> details(String assignee, String previous) {
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("assignee", assignee == null ? "" : assignee);
        details.put("previous", previous == null ? "" : previous);
        return details;
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MICROS);
    }

    private static UUID parse(String alertId) {
        try {
            return UUID.fromString(alertId);
        } catch (RuntimeException e) {
            throw notFound();
        }
    }

    private static ProblemException notFound() {
        return new ProblemException(ProblemType.NOT_FOUND, "No alert with this alertId.");
    }
}
