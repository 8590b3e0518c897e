package org.portwatch.alert.notification.webhook;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;
import org.portwatch.alert.notification.Audience;

/**
 * A care team's webhook receiver. Deletion keeps the row ({@code deletedAt}): deliveries still queued answer GONE
 * and the attempt log stays readable. The secret never leaves this entity except in the answer to its creation.
 */
@Entity
@Table(name = "webhook")
public class Webhook {

    @Id
    @Column(name = "id")
    private UUID id;

    @Column(name = "care_team_id", nullable = false, length = 64)
    private String careTeamId;

    @Column(name = "url", nullable = false, length = 2000)
    private String url;

    @Enumerated(EnumType.STRING)
    @Column(name = "audience", nullable = false, length = 12)
    private Audience audience;

    @Column(name = "secret", nullable = false, length = 100)
    private String secret;

    @Column(name = "created_at", nullable = false)
    private Instant createdAt;

    @Column(name = "created_by", nullable = false, length = 200)
    private String createdBy;

    @Column(name = "deleted_at")
    private Instant deletedAt;

    @Column(name = "deleted_by", length = 200)
    private String deletedBy;

    protected Webhook() {
        // for Hibernate
    }

    Webhook(UUID id, String careTeamId, String url, Audience audience, String secret, Instant createdAt,
            String createdBy) {
        this.id = id;
        this.careTeamId = careTeamId;
        this.url = url;
        this.audience = audience;
        this.secret = secret;
        this.createdAt = createdAt;
        this.createdBy = createdBy;
    }

    public UUID getId() {
        return id;
    }

    public String getCareTeamId() {
        return careTeamId;
    }

    public String getUrl() {
        return url;
    }

    public Audience getAudience() {
        return audience;
    }

    String getSecret() {
        return secret;
    }

    public Instant getCreatedAt() {
        return createdAt;
    }

    public Instant getDeletedAt() {
        return deletedAt;
    }

    public boolean isDeleted() {
        return deletedAt != null;
    }

    void delete(Instant at, String by) {
        this.deletedAt = at;
        this.deletedBy = by;
    }
}
