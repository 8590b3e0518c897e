package org.portwatch.alert.notification.webhook;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Sort;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;
import org.portwatch.alert.notification.Audience;
import org.portwatch.alert.notification.Channel;

/** The repository of webhooks and of their delivery attempts, as the people who run a receiver read them. */
@ApplicationScoped
public class WebhookRepository implements PanacheRepositoryBase<Webhook, UUID> {

    /**
     * The latest attempts first; the notification's own id is what receivers deduplicate on. Schema-qualified: native
     * SQL does not get Hibernate's default schema, and the connections have no search_path to alerts.
     */
    static final String ATTEMPTS = "SELECT o.notification_id, a.attempt, a.at, a.outcome, a.http_status, a.duration_ms,"
            + " a.detail FROM alerts.notification_attempt a JOIN alerts.notification_outbox o ON o.id = a.outbox_id"
            + " WHERE o.channel = ?1 AND o.target = ?2 ORDER BY a.at DESC, a.id DESC";

    /** The live webhooks of a team, oldest first. */
    public Uni<List<Webhook>> live(String careTeamId) {
        return list("careTeamId = ?1 and deletedAt is null", Sort.by("createdAt").and("id"), careTeamId);
    }

    /** The live webhooks of a team for one audience: the dispatcher's targets. */
    public Uni<List<Webhook>> live(String careTeamId, Audience audience) {
        return list("careTeamId = ?1 and audience = ?2 and deletedAt is null", Sort.by("createdAt").and("id"),
                careTeamId, audience);
    }

    /** A live webhook of this team, or null: another team's webhook does not exist for the caller. */
    public Uni<Webhook> findLive(String careTeamId, UUID id) {
        return find("id = ?1 and careTeamId = ?2 and deletedAt is null", id, careTeamId).firstResult();
    }

    /** A webhook of this team, deleted or not (its attempts stay readable); null for another team's. */
    public Uni<Webhook> findOfTeam(String careTeamId, UUID id) {
        return find("id = ?1 and careTeamId = ?2", id, careTeamId).firstResult();
    }

    /**
     * The webhooks with a secret (or a previous one) not sealed under the key {@code sealedPattern} matches (a LIKE
     * pattern), locked until the transaction ends.
     */
    public Uni<List<Webhook>> notSealedUnderForUpdate(String sealedPattern) {
        return find("secret not like ?1 or (previousSecret is not null and previousSecret not like ?1)", sealedPattern)
                .withLock(LockModeType.PESSIMISTIC_WRITE)
                .list();
    }

    /** The latest {@code limit} delivery attempts to webhook {@code id}, newest first. */
    public Uni<List<DeliveryAttemptView>> attempts(UUID id, int limit) {
        return Panache.getSession().flatMap(session -> session
                        .createNativeQuery(ATTEMPTS, Object[].class)
                        .setParameter(1, Channel.WEBHOOK.name())
                        .setParameter(2, id.toString())
                        .setMaxResults(limit)
                        .getResultList())
                .map(rows -> rows.stream().map(WebhookRepository::attempt).toList());
    }

    private static DeliveryAttemptView attempt(Object[] row) {
        return new DeliveryAttemptView((String) row[0], ((Number) row[1]).intValue(), instant(row[2]), (String) row[3],
                row[4] == null ? null : ((Number) row[4]).intValue(), ((Number) row[5]).intValue(), (String) row[6]);
    }

    /** A timestamptz of a native query, in whichever Java type the driver and Hibernate hand it over. */
    private static Instant instant(Object value) {
        if (value instanceof Instant instant) {
            return instant;
        }
        if (value instanceof OffsetDateTime offset) {
            return offset.toInstant();
        }
        if (value instanceof java.sql.Timestamp timestamp) {
            return timestamp.toInstant();
        }
        if (value instanceof java.time.LocalDateTime local) {
            return local.toInstant(java.time.ZoneOffset.UTC);
        }
        throw new IllegalStateException("unexpected timestamp type " + (value == null ? null : value.getClass()));
    }
}
