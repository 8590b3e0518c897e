package org.portwatch.alert.escalation;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.runtime.ShutdownEvent;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.Reception;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;
import org.portwatch.alert.escalation.EscalationMetrics.Fallback;
import org.portwatch.alert.escalation.EscalationMetrics.Level;
import org.portwatch.alert.escalation.EscalationMetrics.Unreachable;
import org.portwatch.alert.escalation.OnCallRoster.OnCall;
import org.portwatch.alert.role.ApiStarting;
import org.portwatch.alert.work.PeriodicRounds;
import org.portwatch.alert.work.RoundMetrics;
import org.portwatch.alert.work.RoundsConfig;

/**
 * Escalates alerts nobody acknowledged in time (docs/clinical-rules.md: HIGH/CRITICAL after 5 minutes, MEDIUM after 15, then
 * every 5 minutes until acknowledged or resolved). Every replica runs it; the database decides who sends: due
 * alerts are claimed with {@code FOR UPDATE SKIP LOCKED} and get their next due time in the same transaction, so
 * a round is sent once whichever replica finds it first, and the notification ids (alert + round) are unique too.
 * The due time is decided here, from the service {@link Clock}, and passed to the query: the database's own
 * {@code now()} would not follow a test's clock.
 */
@ApplicationScoped
public class EscalationScheduler {

    static final int BATCH = 20;

    private final EscalatedAlerts alerts;
    private final EscalationPolicies policies;
    private final EscalationMetrics metrics;
    private final Clock clock;
    private final PeriodicRounds rounds;
    private final RoundsConfig roundsConfig;
    private final OnCallRoster roster;
    private final OnCallRoundRepository onCallRounds;

    public EscalationScheduler(EscalatedAlerts alerts, EscalationPolicies policies, EscalationMetrics metrics,
            Clock clock, EscalationConfig config, Vertx vertx, RoundsConfig roundsConfig, RoundMetrics roundMetrics,
            OnCallRoster roster, OnCallRoundRepository onCallRounds) {
        this.roster = roster;
        this.onCallRounds = onCallRounds;
        this.alerts = alerts;
        this.policies = policies;
        this.metrics = metrics;
        this.clock = clock;
        this.roundsConfig = roundsConfig;
        this.rounds = new PeriodicRounds("escalation-scheduler", vertx, config.checkInterval(), roundsConfig.timeout(),
                () -> roundMetrics.abandoned(RoundMetrics.Round.ESCALATION), this::round);
    }

    void onStart(@Observes ApiStarting event) {
        rounds.start();
    }

    /** A round in flight commits (its alerts get their next due time) or rolls back; none starts after this. */
    void onStop(@Observes(notifyObserver = Reception.IF_EXISTS) ShutdownEvent event) {
        rounds.stop(roundsConfig.shutdownGrace());
    }

    /** One round: every due alert (up to a batch) escalated in one transaction. True when the batch was full. */
    Uni<Boolean> round() {
        Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
        return Panache.withTransaction(() -> alerts.claimDue(now, BATCH)
                        .flatMap(due -> escalateAll(due, now).replaceWith(due.size())))
                .invoke(count -> {
                    if (count > 0) {
                        alerts.committed();
                    }
                })
                .map(count -> count >= BATCH);
    }

    private Uni<Void> escalateAll(List<UUID> due, Instant now) {
        Uni<Void> chain = Uni.createFrom().voidItem();
        for (UUID alertId : due) {
            chain = chain.flatMap(ignored -> escalate(alertId, now));
        }
        return chain;
    }

    /**
     * One round of the (locked, due, OPEN) alert. It goes to the on-call reach of the team (its whole care team when
     * the policy names no on-call contact, or when nobody on call has a channel); a round that reached nobody is on
     * the timeline and the feed as such, is not counted as sent, and the next one is due a repeat interval later all
     * the same (someone may subscribe meanwhile). The first round of an assigned alert goes to the assignee instead
     * (issue 11: they took it on, so they are asked first), the next ones to on-call as for any alert; an assignee
     * without a subscribed device cannot be asked, so then the first round goes to on-call at once. A team with an
     * on-call schedule has its on-call rounds go along the covering shift's chain ({@link #onCall}).
     */
    private Uni<Void> escalate(UUID alertId, Instant now) {
        return alerts.find(alertId).flatMap(due -> due == null ? Uni.createFrom().voidItem()
                : policies.of(due.careTeamId()).flatMap(policy -> {
                    int round = due.roundsSent() + 1;
                    Instant next = policy.nextRound(now);
                    String notificationId = notificationId(alertId, round);
                    Uni<Integer> toAssignee = round == 1 && due.assignee() != null
                            ? alerts.pageAssignee(alertId, notificationId, now) : Uni.createFrom().item(0);
                    return toAssignee.flatMap(assignee -> assignee > 0 ? Uni.createFrom().item(new Paged(assignee, true))
                            : onCall(alertId, notificationId, now, policy, due.careTeamId()))
                            .call(paged -> paged.reached() > 0 && !paged.assignee()
                                    ? onCallRounds.counted(alertId) : Uni.createFrom().voidItem())
                            .flatMap(paged -> {
                        int reached = paged.reached();
                        String detail = paged.assignee() ? "Not acknowledged: round " + round + " to the assignee"
                                : reached > 0 && paged.level() > 0
                                ? "Not acknowledged: round " + round + " to " + levelName(paged.level())
                                        + " of on-call shift " + paged.shift() + (paged.level() > paged.asked()
                                        ? " (" + levelName(paged.asked()) + " had no device subscribed)" : "")
                                : reached > 0 && paged.shift() != null
                                ? "Not acknowledged: round " + round + (policy.contacts().isEmpty()
                                        ? " to the whole care team" : " to the on-call contacts") + " (nobody of on-call"
                                        + " shift " + paged.shift() + " from " + levelName(paged.asked())
                                        + " up had a device subscribed)"
                                : reached > 0 && paged.gap()
                                ? "Not acknowledged: round " + round + (policy.contacts().isEmpty()
                                        ? " to the whole care team (no on-call shift now, no on-call contact)"
                                        : " to the on-call contacts (no on-call shift now)")
                                : reached > 0
                                ? "Not acknowledged: round " + round + (policy.contacts().isEmpty()
                                        ? " to the whole care team (no on-call contact in the escalation policy)"
                                        : " to the on-call contacts")
                                : "Not acknowledged: round " + round + " reached nobody (no on-call contact, push"
                                        + " subscription or webhook); next round in " + policy.repeatEvery();
                        return alerts.recordRound(alertId, reached > 0, now, next, detail).invoke(() -> {
                            if (reached > 0) {
                                metrics.escalated(due.severity());
                                if (paged.level() > 0) {
                                    metrics.reachedLevel(Level.of(paged.level()));
                                }
                            } else {
                                metrics.unreachable(Unreachable.NOBODY_PAGED);
                            }
                        });
                    });
                }));
    }

    /**
     * How many targets a round went to, and whether they were the assignee's; for a round of a team with an on-call
     * schedule, the shift ({@code null}: none covered the time, {@code gap}), the level the round was for
     * ({@code asked}, 1-based) and the one it reached ({@code level}; 0: not a level of the chain).
     */
    private record Paged(int reached, boolean assignee, String shift, boolean gap, int asked, int level) {

        Paged(int reached, boolean assignee) {
            this(reached, assignee, null, false, 0, 0);
        }
    }

    /**
     * The round to the team's on-call reach. With an on-call schedule whose shift covers {@code now}: on-call round
     * k (counted after the assignee's round, if any) goes to level min(k, 3) of the shift's chain — level 1, level 2,
     * then the charge nurse for every later reminder. A level with nobody reachable (empty, or no device subscribed)
     * does not stop the round: it goes up the chain in the same round, and when no level from there up is reachable,
     * to the flat on-call reach as without a schedule (the policy's contacts, else the whole team), as does a time no
     * shift covers. Safer than a round that stops at a level nobody can hear.
     */
    private Uni<Paged> onCall(UUID alertId, String notificationId, Instant now, EscalationPolicy policy,
            String careTeamId) {
        Uni<OnCall> onCall = careTeamId == null ? Uni.createFrom().item(OnCall.UNSCHEDULED) : roster.at(careTeamId, now);
        return onCall.flatMap(chain -> {
            if (!chain.scheduled()) {
                return flat(alertId, notificationId, now, policy).map(reached -> new Paged(reached, false));
            }
            if (!chain.covered()) {
                metrics.fellBack(Fallback.NO_SHIFT);
                return flat(alertId, notificationId, now, policy)
                        .map(reached -> new Paged(reached, false, null, true, 0, 0));
            }
            return onCallRounds.sent(alertId).flatMap(sent -> {
                int asked = Math.min(sent + 1, 3);
                return level(alertId, notificationId, now, chain, asked).flatMap(level -> level.reached() > 0
                        ? Uni.createFrom().item(new Paged(level.reached(), false, chain.shift(), false, asked,
                                level.level()))
                        : Uni.createFrom().voidItem().invoke(() -> metrics.fellBack(Fallback.NO_LEVEL_REACHABLE))
                                .flatMap(ignored -> flat(alertId, notificationId, now, policy))
                                .map(reached -> new Paged(reached, false, chain.shift(), false, asked, 0)));
            });
        });
    }

    /** Targets reached and the level (1-based) that had them; 0 targets: nobody from the asked level up. */
    private record Reached(int reached, int level) {
    }

    /** The round to level {@code index} of the chain, else up the chain, in the same round. */
    private Uni<Reached> level(UUID alertId, String notificationId, Instant now, OnCall chain, int index) {
        if (index > chain.levels().size()) {
            return Uni.createFrom().item(new Reached(0, 0));
        }
        String subject = chain.levels().get(index - 1);
        Uni<Integer> paged = subject == null || subject.isBlank() ? Uni.createFrom().item(0)
                : alerts.pageOnCall(alertId, notificationId, now, subject);
        return paged.flatMap(reached -> reached > 0 ? Uni.createFrom().item(new Reached(reached, index))
                : level(alertId, notificationId, now, chain, index + 1));
    }

    private static String levelName(int level) {
        return switch (level) {
            case 1 -> "level 1";
            case 2 -> "level 2";
            default -> "the charge nurse";
        };
    }

    /** The round to the team's flat on-call reach, as for every alert of a team without a schedule. */
    private Uni<Integer> flat(UUID alertId, String notificationId, Instant now, EscalationPolicy policy) {
        if (policy.contacts().isEmpty()) {
            metrics.unreachable(Unreachable.NO_ON_CALL_CONTACT);
        }
        return alerts.page(alertId, notificationId, now);
    }

    /** The idempotency key of round {@code round} of an alert: whichever replica sends it, the same key. */
    static String notificationId(UUID alertId, int round) {
        return UUID.nameUUIDFromBytes((alertId + "|UNACKNOWLEDGED|" + round).getBytes(StandardCharsets.UTF_8)).toString();
    }
}
