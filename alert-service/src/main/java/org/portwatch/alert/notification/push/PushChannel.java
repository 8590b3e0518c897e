package org.portwatch.alert.notification.push;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.core.buffer.Buffer;
import io.vertx.mutiny.core.http.HttpClient;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeoutException;
import nl.martijndwars.webpush.HttpRequest;
import nl.martijndwars.webpush.Urgency;
import org.portwatch.alert.notification.Audience;
import org.portwatch.alert.notification.Channel;
import org.portwatch.alert.notification.DeliveryResult;
import org.portwatch.alert.notification.Notification;
import org.portwatch.alert.notification.NotificationChannel;
import org.portwatch.alert.notification.OnCallContacts;
import org.portwatch.model.Json;
import org.portwatch.model.Severity;

/**
 * Web Push to clinicians' browsers and phones (RFC 8030): the {@link Notification} as JSON, encrypted for the
 * subscription (RFC 8291), signed with our VAPID key (RFC 8292), posted to the browser vendor's push service, which
 * keeps it up to {@code notification.push.ttl} for a device that is offline. Only the push service sees the request;
 * only the device can read the payload.
 */
@ApplicationScoped
public class PushChannel implements NotificationChannel {

    private final Clock clock;

    /** RFC 8030 §5.4: a topic is at most 32 characters of the base64url alphabet. */
    static final int TOPIC_LENGTH = 32;

    private final PushSubscriptionRepository subscriptions;
    private final PushSubscriptionService service;
    private final OnCallContacts contacts;
    private final PushConfig config;
    private final Vertx vertx;
    private final WebPushRequests requests;
    private final HttpClient client;

    public PushChannel(PushSubscriptionRepository subscriptions, PushSubscriptionService service,
            OnCallContacts contacts, VapidKeys keys, PushConfig config, Vertx vertx, Clock clock) {
        this.clock = clock;
        this.subscriptions = subscriptions;
        this.service = service;
        this.contacts = contacts;
        this.config = config;
        this.vertx = vertx;
        this.requests = new WebPushRequests(keys, config.subject());
        int timeoutMillis = (int) config.timeout().toMillis();
        this.client = vertx.createHttpClient(new HttpClientOptions()
                        .setConnectTimeout(timeoutMillis)
                        .setKeepAlive(true)
                        // Plain HTTP/1.1 over TLS with the JVM's trust store; host names verified.
                        .setVerifyHost(true),
                new PoolOptions().setHttp1MaxSize(16));
    }

    @PreDestroy
    void close() {
        client.closeAndForget();
    }

    @Override
    public Channel channel() {
        return Channel.PUSH;
    }

    @Override
    public Uni<List<String>> targets(String careTeamId, Audience audience) {
        if (audience == Audience.ESCALATION) {
            // A team whose policy names nobody on call (the default policy names nobody) is paged as a whole: an
            // escalation that reaches no one is worse than one that reaches everyone.
            return contacts.of(careTeamId).flatMap(onCall -> onCall.isEmpty()
                    ? targets(careTeamId, Audience.CARE_TEAM)
                    : subscriptions.subjectsTargets(careTeamId, json(onCall), clock.instant()));
        }
        return subscriptions.teamTargets(careTeamId, clock.instant());
    }

    /** The live subscriptions {@code subject} made for {@code careTeamId}: the assignee's own devices. */
    @Override
    public Uni<List<String>> personalTargets(String careTeamId, String subject) {
        return subscriptions.subjectsTargets(careTeamId, json(List.of(subject)), clock.instant());
    }

    @Override
    public Uni<DeliveryResult> deliver(String target, Notification notification, int attempt) {
        UUID id = PushSubscriptionService.parse(target);
        if (id == null) {
            return Uni.createFrom().item(DeliveryResult.gone(null, "not a push subscription id"));
        }
        return Panache.withSession(() -> subscriptions.findById(id))
                .onFailure().recoverWithUni(error -> Uni.createFrom().failure(new SubscriptionUnreadable(error)))
                .flatMap(subscription -> subscription == null
                        ? Uni.createFrom().item(DeliveryResult.gone(null, "subscription deleted"))
                        // Queued before its owner's token (plus grace) ran out: its care teams are no longer
                        // vouched for, so nothing more goes to it (the pruner deletes it).
                        : subscription.expired(clock.instant())
                        ? Uni.createFrom().item(DeliveryResult.gone(null, "subscription expired with its owner's token"))
                        : send(subscription, notification)
                                .call(result -> result.outcome() == DeliveryResult.Outcome.GONE
                                        ? service.removeGone(id, result.httpStatus())
                                        : Uni.createFrom().voidItem()))
                // Never a failure for the dispatcher: whatever went wrong here may work on the next attempt.
                .onFailure().recoverWithItem(error -> DeliveryResult.retry(null, error instanceof SubscriptionUnreadable
                        ? "subscription not read from the database"
                        : "delivery failed: " + error.getClass().getSimpleName()));
    }

    private Uni<DeliveryResult> send(PushSubscription subscription, Notification notification) {
        byte[] payload;
        try {
            payload = Json.mapper().writeValueAsBytes(notification);
        } catch (JsonProcessingException e) {
            return Uni.createFrom().item(DeliveryResult.rejected(null, "notification not serialisable"));
        }
        // ECDH, HKDF, AES-GCM and an ECDSA signature: milliseconds of CPU, so off the event loop.
        return vertx.executeBlocking(() -> requests.build(subscription.getEndpoint(), subscription.getP256dh(),
                        subscription.getAuth(), payload, ttlSeconds(), urgency(notification.severity()),
                        topic(notification.alertId())), false)
                .onItemOrFailure().transformToUni((request, error) -> {
                    if (error != null) {
                        // Keys that passed validation but cannot be used will never work: do not retry.
                        return Uni.createFrom().item(error instanceof GeneralSecurityException
                                || error instanceof IllegalArgumentException
                                ? DeliveryResult.rejected(null, "subscription keys unusable")
                                : DeliveryResult.retry(null, "request not built: " + error.getClass().getSimpleName()));
                    }
                    return post(request);
                });
    }

    private Uni<DeliveryResult> post(HttpRequest request) {
        long timeoutMillis = config.timeout().toMillis();
        RequestOptions options = new RequestOptions()
                .setMethod(HttpMethod.POST)
                .setAbsoluteURI(request.getUrl())
                .setConnectTimeout(timeoutMillis)
                .setIdleTimeout(timeoutMillis);
        return client.request(options)
                .flatMap(http -> {
                    request.getHeaders().forEach(http::putHeader);
                    return http.send(Buffer.buffer(request.getBody()));
                })
                // Read the answer to its end, so the connection goes back to the pool.
                .flatMap(response -> response.body().map(body -> response.statusCode()))
                .ifNoItem().after(config.timeout()).failWith(TimeoutException::new)
                .map(status -> DeliveryResult.ofHttpStatus(status, true))
                .onFailure().recoverWithItem(error -> DeliveryResult.retry(null, error instanceof TimeoutException
                        ? "no answer within " + config.timeout()
                        // The class only: a message could carry the endpoint, a capability URL.
                        : "request failed: " + error.getClass().getSimpleName()));
    }

    private int ttlSeconds() {
        return (int) Math.min(Integer.MAX_VALUE, Math.max(0, config.ttl().toSeconds()));
    }

    /** RFC 8030 §5.3: a high urgency wakes a phone from power saving at once; what can wait, waits. */
    static Urgency urgency(Severity severity) {
        return severity == Severity.HIGH || severity == Severity.CRITICAL ? Urgency.HIGH : Urgency.NORMAL;
    }

    /**
     * RFC 8030 §5.4: a message with the topic of one still waiting for the device replaces it, so a phone that comes
     * back online gets an alert's latest state, not its history. Hashed: the push service learns no alert id.
     */
    static String topic(String alertId) {
        if (alertId == null || alertId.isBlank()) {
            return null;
        }
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(alertId.getBytes(StandardCharsets.UTF_8));
            // 24 bytes are exactly 32 base64url characters.
            return Base64.getUrlEncoder().withoutPadding().encodeToString(Arrays.copyOf(digest, 24));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JRE", e);
        }
    }

    private static String json(List<String> values) {
        try {
            return Json.mapper().writeValueAsString(values);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("subjects are plain strings", e);
        }
    }

    /** The subscription could not be read: the database is unreachable for now. */
    private static final class SubscriptionUnreadable extends RuntimeException {
        SubscriptionUnreadable(Throwable cause) {
            super(cause.toString(), cause, false, false);
        }
    }
}
