package org.portwatch.alert.notification.webhook;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.runtime.ShutdownEvent;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.Reception;
import java.time.Duration;
import java.util.List;
import org.jboss.logging.Logger;
import org.portwatch.alert.database.SchemaMigration;
import org.portwatch.alert.role.ApiStarting;
import org.portwatch.alert.work.PeriodicRounds;

/**
 * Encrypts at startup what is stored otherwise than under the current key: the plaintext secrets of webhooks
 * registered before encryption at rest (V21), and secrets encrypted under a former key (after a key change). Runs
 * once the schema is migrated, retries until the database answers, and is idempotent: several replicas starting
 * together lock the rows they rewrite, and any of them may do it.
 *
 * <p>Here and not in a Flyway migration: the key is the service's configuration (a Kubernetes Secret), which SQL
 * would only reach by carrying the key in a statement that server logs and {@code pg_stat_statements} keep. Until it
 * has run, deliveries read the plaintext as before ({@link SecretCipher#open}), so none is lost meanwhile.
 */
@ApplicationScoped
public class PlaintextSecrets {

    private static final Logger LOG = Logger.getLogger(PlaintextSecrets.class);
    private static final Duration SCHEMA_POLL = Duration.ofSeconds(1);
    private static final Duration RETRY = Duration.ofSeconds(10);

    private final SchemaMigration schema;
    private final Vertx vertx;
    private final WebhookRepository webhooks;
    private final SecretCipher cipher;
    private final WebhookMetrics metrics;
    private volatile boolean stopped;

    public PlaintextSecrets(SchemaMigration schema, Vertx vertx, WebhookRepository webhooks, SecretCipher cipher,
            WebhookMetrics metrics) {
        this.schema = schema;
        this.vertx = vertx;
        this.webhooks = webhooks;
        this.cipher = cipher;
        this.metrics = metrics;
    }

    void onStart(@Observes ApiStarting event) {
        vertx.setTimer(1, id -> attempt());
    }

    void onStop(@Observes(notifyObserver = Reception.IF_EXISTS) ShutdownEvent event) {
        stopped = true;
    }

    private void attempt() {
        if (stopped) {
            return;
        }
        if (!schema.migrated()) {
            vertx.setTimer(SCHEMA_POLL.toMillis(), id -> attempt());
            return;
        }
        PeriodicRounds.onOwnContext(vertx, this::sealAll).subscribe().with(
                count -> {
                    if (count > 0) {
                        LOG.infof("encrypted the signing secrets of %d webhook(s) under key id %s", count, cipher.keyId());
                    }
                },
                failure -> {
                    LOG.warnf("webhook secrets not encrypted yet, again in %s: %s", RETRY, failure.toString());
                    vertx.setTimer(RETRY.toMillis(), id -> attempt());
                });
    }

    /** Rewrites every stored secret not under the current key, in one transaction; answers how many webhooks. */
    public Uni<Integer> sealAll() {
        String current = SecretCipher.PREFIX + ":" + cipher.keyId() + ":%";
        return Panache.withTransaction(() -> webhooks.notSealedUnderForUpdate(current).map(this::reseal))
                .invoke(count -> metrics.sealed(count));
    }

    private int reseal(List<Webhook> found) {
        int rewritten = 0;
        for (Webhook webhook : found) {
            try {
                webhook.restoreSecrets(reseal(webhook, webhook.getStoredSecret()),
                        reseal(webhook, webhook.getStoredPreviousSecret()));
                rewritten++;
            } catch (SecretCipher.UnreadableSecret e) {
                // Under a key no longer configured: left as it is (its deliveries say so and count it); the others
                // must not wait for it.
                LOG.errorf("webhook %s: stored secret left as it is: %s", webhook.getId(), e.getMessage());
            }
        }
        return rewritten;
    }

    private String reseal(Webhook webhook, String stored) {
        if (stored == null || !cipher.needsSealing(stored)) {
            return stored;
        }
        return cipher.seal(webhook.getId(), cipher.open(webhook.getId(), stored));
    }
}
