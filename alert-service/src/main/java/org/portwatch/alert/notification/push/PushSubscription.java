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
 * subscribe).
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
     * Sets what a subscribe says; answers the names of the fields that changed (empty: nothing to write or audit).
     */
    List<String> apply(String p256dh, String auth, Instant expiresAt, String subject, List<String> careTeams,
            Instant at) {
        List<String> changed = new ArrayList<>();
        if (!p256dh.equals(this.p256dh) || !auth.equals(this.auth)) {
            changed.add("keys");
        }
        if (!Objects.equals(expiresAt, this.expiresAt)) {
            changed.add("expirationTime");
        }
        if (!subject.equals(this.subject)) {
            changed.add("owner");
        }
        if (!careTeams.equals(getCareTeams())) {
            changed.add("careTeams");
        }
        if (!changed.isEmpty()) {
            this.p256dh = p256dh;
            this.auth = auth;
            this.expiresAt = expiresAt;
            this.subject = subject;
            this.careTeams = careTeams.toArray(String[]::new);
            this.updatedAt = at;
        }
        return List.copyOf(changed);
    }
}
