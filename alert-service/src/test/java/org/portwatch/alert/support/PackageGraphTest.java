package org.portwatch.alert.support;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.JavaMethodCall;
import com.tngtech.archunit.core.domain.properties.HasName;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.EvaluationResult;
import io.quarkus.hibernate.reactive.panache.Panache;
import java.util.Set;
import org.hibernate.reactive.mutiny.Mutiny;
import org.junit.jupiter.api.Test;
import org.portwatch.alert.audit.AuditLog;
import org.portwatch.alert.feed.FeedHub;
import org.portwatch.alert.notification.NotificationDispatcher;
import org.portwatch.alert.patient.ProfileOutboxPublisher;
import org.portwatch.alert.readings.ReadingStore;

/**
 * alert-service's feature packages depend one way: a package never imports one that (directly or through others)
 * imports it. Escalation reaches alerts and channels through interfaces it owns or implements, the feed knows no
 * alert type, so each package can be read, changed and tested from the bottom up. And PostgreSQL is reached one
 * way: statements live in {@code ...Repository} classes, services demarcate transactions, and the raw reactive pool
 * is only inside the outbox and lease engines (their package docs say why). Plain tests (not ArchUnit's own engine),
 * so that surefire's {@code -Dtest} selects them like any other.
 */
class PackageGraphTest {

    /** The engines that claim, lease, tail or bulk-write rows through the raw pool, outside any Hibernate session. */
    static final Set<Class<?>> POOL_ENGINES = Set.of(NotificationDispatcher.class, ProfileOutboxPublisher.class,
            FeedHub.class, ReadingStore.class);
    /** The audit trail: its one INSERT joins whichever transaction the caller's session holds (AuditEntry's row). */
    static final Set<Class<?>> SESSION_WRITERS = Set.of(AuditLog.class);
    /** What opens a statement on a Hibernate Reactive session. */
    static final Set<String> QUERY_METHODS = Set.of("createNativeQuery", "createQuery", "createSelectionQuery",
            "createMutationQuery", "createNamedQuery");

    private static final JavaClasses SERVICE = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("org.portwatch.alert");

    @Test
    void shouldHaveNoCyclesBetweenPackages() {
        slices().matching("org.portwatch.alert.(*)..").should().beFreeOfCycles().check(SERVICE);
    }

    @Test
    void shouldReachTheDatabaseOnlyThroughRepositoriesAndTheNamedEngines() {
        persistenceStyle().check(SERVICE);
    }

    /** The rule catches what it is for: a service that opens a statement or holds the pool. */
    @Test
    void shouldCatchAServiceThatQueriesTheSessionOrHoldsThePool() {
        JavaClasses offenders = new ClassFileImporter().importClasses(QueryingService.class, PoolHoldingService.class,
                ExampleRepository.class);
        EvaluationResult result = persistenceStyle().evaluate(offenders);
        assertThat(result.hasViolation()).isTrue();
        assertThat(result.getFailureReport().getDetails())
                .anyMatch(line -> line.contains(QueryingService.class.getSimpleName()) && line.contains("getSession"))
                .anyMatch(line -> line.contains(QueryingService.class.getSimpleName())
                        && line.contains("createNativeQuery"))
                .anyMatch(line -> line.contains(PoolHoldingService.class.getSimpleName()) && line.contains("Pool"))
                .noneMatch(line -> line.contains(ExampleRepository.class.getSimpleName() + "."));
    }

    static ArchRule persistenceStyle() {
        DescribedPredicate<JavaClass> repositoryOrEngine = DescribedPredicate.describe(
                "a ...Repository, an outbox/lease engine (" + POOL_ENGINES.stream().map(Class::getSimpleName)
                        .sorted().toList() + ") or the audit log",
                type -> {
                    // A class nested in a repository (a result record) is the repository's; so is a nested one.
                    String name = type.getName();
                    String topLevel = name.replaceFirst("\\$.*", "");
                    return java.util.Arrays.stream(name.substring(name.lastIndexOf('.') + 1).split("\\$"))
                            .anyMatch(part -> part.endsWith("Repository"))
                            || POOL_ENGINES.stream().anyMatch(engine -> engine.getName().equals(topLevel))
                            || SESSION_WRITERS.stream().anyMatch(writer -> writer.getName().equals(topLevel));
                });
        DescribedPredicate<JavaMethodCall> sessionQuery = DescribedPredicate.describe(
                "a statement on a Mutiny.Session (" + QUERY_METHODS.stream().sorted().toList() + ")",
                call -> QUERY_METHODS.contains(call.getName())
                        && call.getTargetOwner().isAssignableTo(Mutiny.Session.class));
        DescribedPredicate<JavaMethodCall> getSession = DescribedPredicate.describe("Panache.getSession()",
                call -> call.getName().equals("getSession") && call.getTargetOwner().isEquivalentTo(Panache.class));
        return noClasses().that(DescribedPredicate.not(repositoryOrEngine))
                .should().dependOnClassesThat(HasName.Predicates
                        .nameMatching("io\\.vertx(\\.mutiny)?\\.sqlclient\\.Pool").as("the raw reactive Pool"))
                .orShould().callMethodWhere(getSession)
                .orShould().callMethodWhere(sessionQuery)
                .because("statements live in repositories, and the raw pool only in the outbox and lease engines");
    }

    /** Breaks the rule twice, as AlertService, AlertRecorder and others did before the repositories. */
    static final class QueryingService {
        io.smallrye.mutiny.Uni<Object> count() {
            return Panache.getSession().flatMap(session -> session.createNativeQuery("SELECT 1").getSingleResult());
        }
    }

    /** Breaks it as AlertMetrics and PushMetrics did. */
    static final class PoolHoldingService {
        io.vertx.mutiny.sqlclient.Pool pool;
    }

    /** May do what the services may not. */
    static final class ExampleRepository {
        io.smallrye.mutiny.Uni<Object> count() {
            return Panache.getSession().flatMap(session -> session.createNativeQuery("SELECT 1").getSingleResult());
        }
    }
}
