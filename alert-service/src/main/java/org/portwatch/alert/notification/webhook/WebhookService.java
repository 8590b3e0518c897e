package org.portwatch.alert.notification.webhook;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import org.portwatch.alert.audit.AuditLog;
import org.portwatch.alert.notification.Audience;
import org.portwatch.alert.security.CareTeamAccess;
import org.portwatch.service.problem.Problem;
import org.portwatch.service.problem.ProblemException;
import org.portwatch.service.problem.ProblemType;

/**
 * Registration of webhooks: create (with a new secret, after the address guard), list, read, delete (the row stays),
 * and the attempt log of one webhook. Creations and deletions are audited in their own transaction.
 */
@ApplicationScoped
public class WebhookService {

    static final String AUDIT_TARGET = "webhook";
    static final String AUDIT_CREATE = "webhook.create";
    static final String AUDIT_DELETE = "webhook.delete";
    static final String AUDIT_ROTATE = "webhook.secret.rotate";

    private final WebhookRepository webhooks;
    private final AddressGuard guard;
    private final WebhookConfig config;
    private final WebhookMetrics metrics;
    private final AuditLog audit;
    private final SecretCipher cipher;
    private final Clock clock;

    public WebhookService(WebhookRepository webhooks, AddressGuard guard, WebhookMetrics metrics, AuditLog audit,
            WebhookConfig config, SecretCipher cipher, Clock clock) {
        this.clock = clock;
        this.config = config;
        this.cipher = cipher;
        this.webhooks = webhooks;
        this.guard = guard;
        this.metrics = metrics;
        this.audit = audit;
    }

    /** Registers a webhook for {@code careTeamId}; the answer carries the secret, the only time it is shown. */
    public Uni<CreatedWebhook> create(String careTeamId, WebhookInput input, CareTeamAccess access) {
        List<Problem.FieldError> errors = new ArrayList<>();
        WebhookUrl.Parsed parsed = WebhookUrl.parse(input == null ? null : input.url());
        if (parsed.error() != null) {
            errors.add(parsed.error());
        } else if (parsed.url().policyViolation(config) != null) {
            errors.add(parsed.url().policyViolation(config));
        }
        Audience audience = audience(input == null ? null : input.audience(), errors);
        if (!errors.isEmpty()) {
            return Uni.createFrom().failure(invalid(errors));
        }
        WebhookUrl url = parsed.url();
        return guard.resolve(url.host()).flatMap(resolution -> {
            if (!resolution.allowed()) {
                metrics.refused(WebhookMetrics.Stage.REGISTRATION, resolution.refusal());
                return Uni.createFrom().failure(invalid(List.of(new Problem.FieldError(null, WebhookUrl.FIELD,
                        "ADDRESS_NOT_ALLOWED", resolution.detail()))));
            }
            UUID id = UUID.randomUUID();
            String secret = WebhookSignature.newSecret();
            Webhook webhook = new Webhook(id, careTeamId, input.url(), audience, cipher.seal(id, secret), now(),
                    access.subject());
            return Panache.withTransaction(() -> webhooks.persist(webhook)
                    .call(saved -> audit.record(access.subject(), AUDIT_CREATE, AUDIT_TARGET, saved.getId().toString(),
                            details(saved))))
                    .map(saved -> CreatedWebhook.of(saved, secret));
        });
    }

    /** The team's live webhooks, oldest first, without secrets. */
    @WithSession
    public Uni<List<WebhookView>> list(String careTeamId) {
        return webhooks.live(careTeamId)
                .map(found -> found.stream().map(WebhookView::of).toList());
    }

    /** A live webhook of the team; 404 for a deleted one, another team's or an unknown one. */
    @WithSession
    public Uni<WebhookView> find(String careTeamId, UUID id) {
        return webhooks.findLive(careTeamId, id)
                .map(webhook -> {
                    if (webhook == null) {
                        throw notFound();
                    }
                    return WebhookView.of(webhook);
                });
    }

    /** Deletes a webhook: no new deliveries, queued ones answer GONE; the row and its attempts stay. */
    @WithTransaction
    public Uni<Void> delete(String careTeamId, UUID id, CareTeamAccess access) {
        return webhooks.findLive(careTeamId, id).flatMap(webhook -> {
            if (webhook == null) {
                return Uni.createFrom().failure(notFound());
            }
            webhook.delete(now(), access.subject());
            return audit.record(access.subject(), AUDIT_DELETE, AUDIT_TARGET, id.toString(), details(webhook));
        });
    }

    /**
     * Replaces a live webhook's signing secret and answers the new one, the only time it is shown. Until
     * {@code notification.webhook.secrets.rotation-overlap} has passed, deliveries carry two signatures (new and
     * former secret), so the receiver switches without losing one; a rotation during an overlap ends the former one.
     * Audited, without either secret.
     */
    public Uni<RotatedSecret> rotate(String careTeamId, UUID id, CareTeamAccess access) {
        String secret = WebhookSignature.newSecret();
        Instant at = now();
        Instant previousUntil = at.plus(config.secrets().rotationOverlap());
        return Panache.withTransaction(() -> webhooks.findLive(careTeamId, id).flatMap(webhook -> {
            if (webhook == null) {
                return Uni.createFrom().failure(notFound());
            }
            webhook.rotateSecret(cipher.seal(id, secret), at, previousUntil);
            Map<String, Object> details = new java.util.HashMap<>(details(webhook));
            details.put("previousSecretValidUntil", previousUntil.toString());
            return audit.record(access.subject(), AUDIT_ROTATE, AUDIT_TARGET, id.toString(), details);
        })).invoke(metrics::rotated).map(done -> new RotatedSecret(id, secret, previousUntil));
    }

    /**
     * The latest {@code limit} delivery attempts to a webhook of the team, newest first. A deleted webhook's attempts
     * stay readable: they are what its receiver's operators ask about.
     */
    @WithSession
    public Uni<List<DeliveryAttemptView>> attempts(String careTeamId, UUID id, int limit) {
        return webhooks.findOfTeam(careTeamId, id)
                .flatMap(webhook -> webhook == null ? Uni.createFrom().<List<DeliveryAttemptView>>failure(notFound())
                        : webhooks.attempts(id, limit));
    }

    private static Audience audience(String value, List<Problem.FieldError> errors) {
        if (value == null) {
            return Audience.CARE_TEAM;
        }
        try {
            return Audience.valueOf(value.strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            errors.add(new Problem.FieldError(null, "audience", "UNKNOWN_VALUE", "must be CARE_TEAM or ESCALATION"));
            return null;
        }
    }

    /** What the audit row says: the team, the audience and the host; never the path (it may hold a token), never the secret. */
    private static Map<String, Object> details(Webhook webhook) {
        WebhookUrl.Parsed parsed = WebhookUrl.parse(webhook.getUrl());
        return Map.of("careTeamId", webhook.getCareTeamId(),
                "audience", webhook.getAudience().name(),
                "host", parsed.url() == null ? "" : parsed.url().hostName());
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MICROS);
    }

    private static ProblemException invalid(List<Problem.FieldError> errors) {
        String fields = errors.stream().map(Problem.FieldError::field).distinct().collect(Collectors.joining(", "));
        return new ProblemException(ProblemType.VALIDATION_FAILED, "Invalid value for: " + fields + ".", errors, Map.of());
    }

    private static ProblemException notFound() {
        return new ProblemException(ProblemType.NOT_FOUND, "No webhook with this id in this care team.");
    }
}
