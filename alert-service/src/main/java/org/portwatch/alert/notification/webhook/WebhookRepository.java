package org.portwatch.alert.notification.webhook;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Sort;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.UUID;
import org.portwatch.alert.notification.Audience;

@ApplicationScoped
public class WebhookRepository implements PanacheRepositoryBase<Webhook, UUID> {

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
}
