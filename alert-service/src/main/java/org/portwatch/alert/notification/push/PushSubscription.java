package org.portwatch.alert.notification.push;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.net.URI;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.UUID;

/**
 * A browser or phone that receives alerts by Web Push: where to send (the push service's endpoint), how to encrypt
 * for it (p256dh, auth), whose it is and which care teams' alerts it gets (from the owner's token at the last
 * subscribe or renewal), and until when ({@link #getOwnerValidUntil()}: that token's expiry plus a grace).
 */
@Entity
@Table(name = "push_subscription")
public class PushSubscription {

    @Id
    @Column(name = "id")
    private UUID id;

    /** A capability URL of the push service: shown to its owner only, never logged (log {@link #endpointHost()}). */
    @Column(name = "endpoint", nullable = false, length = 2048)
    private String endpoint;

    @Column(name = "p256dh", nullable = false, length = 100)
    private String p256dh;

    @Column(name = "auth", nullable = false, length = 32)
    private String auth;

    @Column(name = "expires_at")
    private Instant expiresAt;

    @Column(name = "subject", nullable = false, length = 200)
    private String subject;

    /** A PostgreSQL text[]: Hibernate Reactive binds JSON only as an object, and an array is what targets() asks. */
    @Column(name = "care_teams", nullable = false)
    private String[] careTeams;

    /** The owner's token's expiry plus {@code notification.push.owner-grace}: no push after it unless renewed. */
    @Column(name = "owner_valid_until", nullable = false)
    private Instant ownerValidUntil;

    @Column(name = "created_at", nullable = false)
    private Instant createdAt;

    @Column(name = "updated_at", nullable = false)
    private Instant updatedAt;

    protected PushSubscription() {
        // for Hibernate
    }

    PushSubscription(UUID id, String endpoint, Instant createdAt) {
        this.id = id;
        this.endpoint = endpoint;
        this.createdAt = createdAt;
        this.updatedAt = createdAt;
    }

    public UUID getId() {
        return id;
    }

    public String getEndpoint() {
        return endpoint;
    }

    public String getP256dh() {
        return p256dh;
    }

    public String getAuth() {
        return auth;
    }

    public Instant getExpiresAt() {
        return expiresAt;
    }

    public String getSubject() {
        return subject;
    }

    public List<String> getCareTeams() {
        return careTeams == null ? List.of() : List.of(careTeams);
    }

    public Instant getOwnerValidUntil() {
        return ownerValidUntil;
    }

    /** Whether the owner's token (plus grace) has run out at {@code now}: nothing is sent to it any more. */
    public boolean expired(Instant now) {
        return ownerValidUntil != null && !ownerValidUntil.isAfter(now);
    }

    public Instant getCreatedAt() {
        return createdAt;
    }

    public Instant getUpdatedAt() {
        return updatedAt;
    }

    /** The push service's host: what logs and the audit trail may name. */
    public String endpointHost() {
        return hostOf(endpoint);
    }

    static String hostOf(String endpoint) {
        try {
            String host = URI.create(endpoint).getHost();
            return host == null ? "unknown" : host;
        } catch (IllegalArgumentException e) {
            return "unknown";
        }
    }

    /**
     * Sets what its owner's subscribe says (the owner never changes: a subscribe of another subject's endpoint is
     * refused before this); answers the names of the fields that changed (empty: nothing to audit). The validity is
     * extended to {@code validUntil} when that is later, and is not one of the changes audited: every dashboard visit
     * extends it.
     */
    List<String> apply(String p256dh, String auth, Instant expiresAt, String subject, List<String> careTeams,
            Instant validUntil, Instant at) {
        List<String> changed = new ArrayList<>();
        if (!p256dh.equals(this.p256dh) || !auth.equals(this.auth)) {
            changed.add("keys");
        }
        if (!Objects.equals(expiresAt, this.expiresAt)) {
            changed.add("expirationTime");
        }
        if (!careTeams.equals(getCareTeams())) {
            changed.add("careTeams");
        }
        if (!changed.isEmpty()) {
            this.p256dh = p256dh;
            this.auth = auth;
            this.expiresAt = expiresAt;
            this.careTeams = careTeams.toArray(String[]::new);
            this.updatedAt = at;
        }
        if (this.subject == null) {
            this.subject = subject;
        }
        extend(validUntil);
        return List.copyOf(changed);
    }

    /**
     * The owner came back with a current token: the care teams become the token's, the validity runs to its expiry
     * plus the grace (never shortened: the earlier token was valid for what it granted). Answers whether the care
     * teams changed.
     */
    boolean renew(List<String> careTeams, Instant validUntil, Instant at) {
        boolean teamsChanged = !careTeams.equals(getCareTeams());
        if (teamsChanged) {
            this.careTeams = careTeams.toArray(String[]::new);
            this.updatedAt = at;
        }
        extend(validUntil);
        return teamsChanged;
    }

    private void extend(Instant validUntil) {
        if (ownerValidUntil == null || validUntil.isAfter(ownerValidUntil)) {
            ownerValidUntil = validUntil;
        }
    }
}
