package org.portwatch.alert.database;

import io.quarkus.runtime.ShutdownEvent;
import io.vertx.core.Vertx;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Default;
import jakarta.enterprise.inject.Instance;
import jakarta.interceptor.Interceptor;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;
import org.flywaydb.core.Flyway;
import org.jboss.logging.Logger;
import org.portwatch.alert.role.ApiStarting;
import org.portwatch.alert.role.RoleConfig;

/**
 * Migrates the schema (Flyway, schema {@code alerts}) in the background from startup on, retrying with backoff
 * until PostgreSQL answers, instead of Quarkus' migrate-at-start, which failed startup while the database was down:
 * a crash loop that also stopped the detector running in this process, which needs no database. Until the schema is
 * migrated this readiness check is DOWN (the clinician API cannot serve), the alerts-of-record consumer holds its
 * place on vitals.alerts, and background rounds find nothing to do.
 */
@Readiness
@ApplicationScoped
@Default // also injectable as itself: the health annotations are qualifiers
public class SchemaMigration implements HealthCheck {

    private static final Logger LOG = Logger.getLogger(SchemaMigration.class);
    static final String NAME = "alerts-database-schema";
    private static final Duration FIRST_RETRY = Duration.ofMillis(500);

    private final Instance<Flyway> flyway;
    private final Vertx vertx;
    private final Duration retryMax;
    private final AtomicInteger attempts = new AtomicInteger();
    private volatile boolean migrated;
    private volatile boolean stopped;
    private volatile String lastFailure = "";
    private final boolean usesDatabase;

    public SchemaMigration(Instance<Flyway> flyway, Vertx vertx, DatabaseConfig config, RoleConfig role) {
        this.flyway = flyway;
        this.vertx = vertx;
        this.retryMax = config.migrateRetryMax();
        this.usesDatabase = role.role().runsApi();
    }

    /**
     * One attempt during startup, so that with the database up the service starts migrated as before (nothing serves
     * a request on a schema half there); when it fails, startup goes on and attempts continue in the background.
     * Before every other observer of the API's start: the periodic rounds it starts must find the tables there (they
     * logged "relation ... does not exist" at every start while the migration ran beside them).
     */
    void onStart(@Observes @Priority(Interceptor.Priority.PLATFORM_BEFORE) ApiStarting event) {
        try {
            attempts.incrementAndGet();
            flyway.get().migrate();
            migrated = true;
            LOG.info("database schema migrated");
        } catch (RuntimeException e) {
            lastFailure = e.getClass().getSimpleName();
            LOG.warnf("database unavailable at startup, starting without it and migrating once it answers: %s",
                    rootMessage(e));
            vertx.setTimer(FIRST_RETRY.toMillis(), id -> attempt(FIRST_RETRY.multipliedBy(2)));
        }
    }

    void onStop(@Observes ShutdownEvent event) {
        stopped = true;
    }

    /** Whether the schema is in place: the database was reachable once since startup and migrated. */
    public boolean migrated() {
        return migrated;
    }

    private void attempt(Duration nextDelay) {
        if (stopped) {
            return;
        }
        vertx.<Void>executeBlocking(() -> {
            attempts.incrementAndGet();
            flyway.get().migrate();
            return null;
        }, false).onSuccess(done -> {
            migrated = true;
            lastFailure = "";
            LOG.infof("database schema migrated (attempt %d)", attempts.get());
        }).onFailure(failure -> {
            lastFailure = failure.getClass().getSimpleName();
            LOG.warnf("database schema not migrated yet (attempt %d), again in %s: %s", attempts.get(), nextDelay,
                    rootMessage(failure));
            if (!stopped) {
                Duration after = nextDelay.multipliedBy(2);
                vertx.setTimer(nextDelay.toMillis(), id -> attempt(after.compareTo(retryMax) > 0 ? retryMax : after));
            }
        });
    }

    private static String rootMessage(Throwable failure) {
        Throwable root = failure;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getClass().getSimpleName() + ": " + root.getMessage();
    }

    @Override
    public HealthCheckResponse call() {
        if (!usesDatabase) { // the detector role never touches PostgreSQL: its readiness is DetectorReadiness
            return HealthCheckResponse.named(NAME).up().withData("database", "not used by this role").build();
        }
        return HealthCheckResponse.named(NAME)
                .status(migrated)
                .withData("attempts", attempts.get())
                .withData("lastFailure", lastFailure)
                .build();
    }
}
