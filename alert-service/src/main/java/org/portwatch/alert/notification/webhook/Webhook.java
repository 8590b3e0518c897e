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

    /** As stored: encrypted ({@link SecretCipher}), or the former plaintext until the startup step encrypted it. */
    @Column(name = "secret", nullable = false)
    private String secret;

    /** The secret before the latest rotation, stored like {@link #secret}; still signs until {@link #previousSecretUntil}. */
    @Column(name = "previous_secret")
    private String previousSecret;

    @Column(name = "previous_secret_until")
    private Instant previousSecretUntil;

    @Column(name = "secret_rotated_at")
    private Instant secretRotatedAt;

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

    /** The secret as stored (a ciphertext): open it with {@link SecretCipher#open}. */
    String getStoredSecret() {
        return secret;
    }

    String getStoredPreviousSecret() {
        return previousSecret;
    }

    Instant getPreviousSecretUntil() {
        return previousSecretUntil;
    }

    /** Whether the former secret still signs at {@code at}. */
    boolean previousSecretValidAt(Instant at) {
        return previousSecret != null && previousSecretUntil != null && at.isBefore(previousSecretUntil);
    }

    /**
     * A new secret (stored form) replaces the current one, which goes on signing until {@code previousUntil}. A
     * rotation during another's overlap drops the oldest: at most two secrets sign, the two the receiver may have.
     */
    void rotateSecret(String storedNew, Instant at, Instant previousUntil) {
        this.previousSecret = this.secret;
        this.previousSecretUntil = previousUntil;
        this.secret = storedNew;
        this.secretRotatedAt = at;
    }

    /** The same secrets stored anew (encrypted, or re-encrypted under the current key). */
    void restoreSecrets(String storedSecret, String storedPreviousSecret) {
        this.secret = storedSecret;
        this.previousSecret = storedPreviousSecret;
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
