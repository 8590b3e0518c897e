package org.portwatch.alert.notification.webhook;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.net.SocketAddress;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.core.buffer.Buffer;
import io.vertx.mutiny.core.http.HttpClient;
import io.vertx.mutiny.core.http.HttpClientRequest;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.net.ConnectException;
import java.net.UnknownHostException;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeoutException;
import javax.net.ssl.SSLException;
import org.jboss.logging.Logger;
import org.portwatch.service.problem.Problem;
import org.portwatch.alert.notification.Audience;
import org.portwatch.alert.notification.Channel;
import org.portwatch.alert.notification.DeliveryResult;
import org.portwatch.alert.notification.Notification;
import org.portwatch.alert.notification.NotificationChannel;
import org.portwatch.model.Json;

/**
 * Delivers notifications as Standard Webhooks: a POST of {@link WebhookPayload} ({@code type}, {@code timestamp},
 * {@code data}), signed with the webhook's secret — and with its former secret too while a rotation overlaps.
 * Every attempt checks the host's addresses again ({@link AddressGuard}) and connects to the address it checked;
 * redirects are not followed (a 3xx is the receiver's answer, not an invitation to go elsewhere).
 */
@ApplicationScoped
public class WebhookChannel implements NotificationChannel {

    static final String USER_AGENT = "portwatch-webhooks";

    private static final Logger LOG = Logger.getLogger(WebhookChannel.class);

    private final WebhookRepository webhooks;
    private final AddressGuard guard;
    private final WebhookMetrics metrics;
    private final Duration timeout;
    private final WebhookConfig config;
    private final HttpClient client;
    private final SecretCipher cipher;
    private final Clock clock;

    public WebhookChannel(WebhookRepository webhooks, AddressGuard guard, WebhookMetrics metrics, WebhookConfig config,
            Vertx vertx, SecretCipher cipher, Clock clock) {
        this.clock = clock;
        this.webhooks = webhooks;
        this.cipher = cipher;
        this.guard = guard;
        this.metrics = metrics;
        this.timeout = config.timeout();
        this.config = config;
        int millis = (int) Math.max(1, Math.min(Integer.MAX_VALUE, timeout.toMillis()));
        this.client = vertx.createHttpClient(new HttpClientOptions()
                .setConnectTimeout(millis)
                .setVerifyHost(true)
                .setKeepAlive(true)
                .setMaxRedirects(0));
    }

    @PreDestroy
    void close() {
        client.closeAndForget();
    }

    @Override
    public Channel channel() {
        return Channel.WEBHOOK;
    }

    @Override
    public Uni<List<String>> targets(String careTeamId, Audience audience) {
        // The caller's session and transaction: the outbox rows and this answer see the same webhooks.
        return webhooks.live(careTeamId, audience)
                .map(found -> found.stream().map(webhook -> webhook.getId().toString()).toList());
    }

    @Override
    public Uni<DeliveryResult> deliver(String target, Notification notification, int attempt) {
        UUID id;
        try {
            id = UUID.fromString(target);
        } catch (IllegalArgumentException e) {
            return Uni.createFrom().item(DeliveryResult.gone(null, "no such webhook"));
        }
        return Panache.withSession(() -> webhooks.findById(id))
                .flatMap(webhook -> webhook == null || webhook.isDeleted()
                        ? Uni.createFrom().item(DeliveryResult.gone(null, "webhook deleted"))
                        : send(webhook, notification).call(result -> result.outcome() == DeliveryResult.Outcome.GONE
                                && result.httpStatus() != null ? disable(id) : Uni.createFrom().voidItem()))
                .onFailure().recoverWithItem(failure -> {
                    // The database, not the receiver: try again later, and say so.
                    LOG.warnf("webhook %s: delivery not attempted: %s", target, failure.toString());
                    return DeliveryResult.retry(null, "webhook could not be loaded");
                });
    }

    /**
     * The receiver answered 410 Gone: it says it will never take deliveries again, so the webhook is disabled (deleted,
     * by the receiver) and what is still queued for it answers GONE, instead of being retried for a day.
     */
    private Uni<Void> disable(UUID id) {
        return Panache.withTransaction(() -> webhooks.findById(id).invoke(webhook -> {
                    if (webhook != null && !webhook.isDeleted()) {
                        webhook.delete(clock.instant(), DISABLED_BY);
                        LOG.warnf("webhook %s: the receiver answered 410 Gone: disabled", id);
                    }
                }))
                .replaceWithVoid()
                .onFailure().recoverWithUni(failure -> {
                    LOG.warnf("webhook %s: answered 410 Gone, not disabled yet: %s", id, failure.toString());
                    return Uni.createFrom().voidItem();
                });
    }

    /** Who disabled a webhook whose receiver answered 410 Gone (the deletedBy of its row). */
    static final String DISABLED_BY = "receiver: 410 Gone";

    private Uni<DeliveryResult> send(Webhook webhook, Notification notification) {
        WebhookUrl.Parsed parsed = WebhookUrl.parse(webhook.getUrl());
        if (parsed.url() == null) {
            return Uni.createFrom().item(DeliveryResult.rejected(null, "stored URL is invalid: " + parsed.error().reason()));
        }
        WebhookUrl url = parsed.url();
        Problem.FieldError violation = url.policyViolation(config);
        if (violation != null) {
            LOG.warnf("webhook %s: refused: %s", webhook.getId(), violation.reason());
            return Uni.createFrom().item(DeliveryResult.rejected(null, "URL " + violation.detail()));
        }
        byte[] body;
        try {
            body = Json.mapper().writeValueAsBytes(WebhookPayload.of(notification));
        } catch (JsonProcessingException e) {
            return Uni.createFrom().item(DeliveryResult.rejected(null, "notification could not be written as JSON"));
        }
        List<String> secrets;
        try {
            secrets = secrets(webhook, clock.instant());
        } catch (SecretCipher.UnreadableSecret e) {
            // A key id the configuration lacks (a key removed too early): retried, so that restoring the key
            // within the day loses nothing; counted and logged so that someone does.
            metrics.unreadable();
            LOG.errorf("webhook %s: not sent, its signing secret cannot be decrypted: %s", webhook.getId(),
                    e.getMessage());
            return Uni.createFrom().item(DeliveryResult.retry(null, "signing secret cannot be decrypted"));
        }
        return guard.resolve(url.host()).flatMap(resolution -> {
            if (resolution.refusal() == AddressGuard.Reason.UNRESOLVED) {
                // DNS trouble passes; the dispatcher's backoff covers it.
                return Uni.createFrom().item(DeliveryResult.retry(null, "host does not resolve"));
            }
            if (!resolution.allowed()) {
                metrics.refused(WebhookMetrics.Stage.DELIVERY, resolution.refusal());
                LOG.warnf("webhook %s: refused: %s", webhook.getId(), resolution.operatorDetail());
                return Uni.createFrom().item(DeliveryResult.rejected(null, resolution.detail()));
            }
            return post(url, resolution, secrets, notification.id(), body);
        });
    }

    /** The secrets that sign now: the current one, and the former one while a rotation overlaps. */
    private List<String> secrets(Webhook webhook, java.time.Instant now) {
        String current = cipher.open(webhook.getId(), webhook.getStoredSecret());
        if (!webhook.previousSecretValidAt(now)) {
            return List.of(current);
        }
        return List.of(current, cipher.open(webhook.getId(), webhook.getStoredPreviousSecret()));
    }

    private Uni<DeliveryResult> post(WebhookUrl url, AddressGuard.Resolution resolution, List<String> secrets,
            String messageId, byte[] body) {
        long timestamp = clock.instant().getEpochSecond();
        // Standard Webhooks: a space-separated list, one v1 signature per secret; receivers accept any that matches.
        String signatures = secrets.stream().map(secret -> WebhookSignature.sign(secret, messageId, timestamp, body))
                .collect(java.util.stream.Collectors.joining(" "));
        long millis = Math.max(1, timeout.toMillis());
        RequestOptions options = new RequestOptions()
                .setMethod(HttpMethod.POST)
                .setHost(url.hostName())
                .setPort(url.port())
                .setSsl(url.tls())
                .setURI(url.requestUri())
                // Connect to the address the guard checked, not to whatever a second lookup says; TLS still
                // verifies the certificate against the host name.
                .setServer(SocketAddress.inetSocketAddress(url.port(), resolution.address().getHostAddress()))
                .setFollowRedirects(false)
                .setConnectTimeout(millis)
                .setIdleTimeout(millis)
                .putHeader(HttpHeaderNames.CONTENT_TYPE.toString(), "application/json")
                .putHeader(HttpHeaderNames.USER_AGENT.toString(), USER_AGENT)
                .putHeader(WebhookSignature.HEADER_ID, messageId)
                .putHeader(WebhookSignature.HEADER_TIMESTAMP, Long.toString(timestamp))
                .putHeader(WebhookSignature.HEADER_SIGNATURE, signatures);
        return client.request(options)
                .flatMap(request -> send(request, body))
                // The whole exchange, connect to status line, within the timeout: a receiver trickling bytes
                // must not hold a delivery slot for long.
                .ifNoItem().after(timeout).failWith(() -> new TimeoutException())
                .map(answer -> {
                    DeliveryResult result = DeliveryResult.ofHttpStatus(answer.status(), false);
                    Duration after = DeliveryResult.retryAfter(answer.retryAfter(), clock.instant());
                    return result.outcome() == DeliveryResult.Outcome.RETRY && after != null ? result.after(after) : result;
                })
                .onFailure().recoverWithItem(this::failed);
    }

    /** The receiver's status and Retry-After header: its whole answer (the body is not read). */
    private record Answer(int status, String retryAfter) {
    }

    private static Uni<Answer> send(HttpClientRequest request, byte[] body) {
        return request.send(Buffer.buffer(body))
                // The receiver's body is not read: its status (and when to come back) is the whole answer.
                .map(response -> new Answer(response.statusCode(), response.getHeader("Retry-After")))
                .onCancellation().invoke(() -> request.reset());
    }

    /** A short reason for the attempt log: no payload, no secret, no exception class. */
    private DeliveryResult failed(Throwable failure) {
        String detail;
        // Vert.x's idle timeout is a java.util.concurrent.TimeoutException too; Netty's connect timeout is not.
        if (failure instanceof TimeoutException || failure instanceof io.netty.channel.ConnectTimeoutException) {
            detail = "no answer within " + timeout.toMillis() + " ms";
        } else if (failure instanceof ConnectException) {
            detail = "connection refused";
        } else if (failure instanceof SSLException) {
            detail = "TLS handshake failed";
        } else if (failure instanceof UnknownHostException) {
            detail = "host does not resolve";
        } else {
            detail = "connection failed";
        }
        return DeliveryResult.retry(null, detail);
    }
}
