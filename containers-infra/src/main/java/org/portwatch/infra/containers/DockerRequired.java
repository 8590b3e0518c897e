package org.portwatch.infra.containers;

import java.lang.annotation.Annotation;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.portwatch.infra.testing.InfraProvider;
import org.testcontainers.DockerClientFactory;

/**
 * Under {@code -Pcontainers}, skips every Quarkus test class (the integration tests: {@code @QuarkusTest} and
 * classes with Quarkus test resources, directly or through a meta-annotation) when no Docker engine answers, with
 * the reason in the report. Without it they would fail while starting the application, or, worse, the run could be
 * mistaken for a pass on the embedded infrastructure. Tests that need no infrastructure run as always.
 *
 * <p>Registered by JUnit's extension auto-detection, which the profile switches on; the default build has neither
 * this class nor the switch.
 */
public final class DockerRequired implements ExecutionCondition {

    static final String REASON = "-Pcontainers: no Docker engine answers here, so Testcontainers' Kafka and "
            + "PostgreSQL cannot start; run without -Pcontainers for the embedded ones (the default)";

    /** Annotations that make a test class start the application and its test resources. */
    private static final Set<String> QUARKUS = Set.of("io.quarkus.test.junit.QuarkusTest",
            "io.quarkus.test.junit.QuarkusIntegrationTest", "io.quarkus.test.common.QuarkusTestResource",
            "io.quarkus.test.common.WithTestResource");

    /** Asked once per test JVM: the answer does not change during a run, and asking takes a second or more. */
    private static volatile Boolean dockerAvailable;

    @Override
    public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
        if (!InfraProvider.CONTAINERS.equals(System.getProperty(InfraProvider.PROPERTY))) {
            return ConditionEvaluationResult.enabled("embedded infrastructure");
        }
        Class<?> testClass = context.getTestClass().orElse(null);
        if (testClass == null || !startsQuarkus(testClass)) {
            return ConditionEvaluationResult.enabled("needs no infrastructure");
        }
        if (dockerAvailable == null) {
            dockerAvailable = DockerClientFactory.instance().isDockerAvailable();
        }
        return dockerAvailable ? ConditionEvaluationResult.enabled("Docker engine found")
                : ConditionEvaluationResult.disabled(REASON);
    }

    static boolean startsQuarkus(Class<?> testClass) {
        for (Class<?> c = testClass; c != null && c != Object.class; c = c.getEnclosingClass() != null
                ? c.getEnclosingClass() : c.getSuperclass()) {
            for (Annotation annotation : c.getAnnotations()) {
                if (names(annotation.annotationType(), new HashSet<>())) {
                    return true;
                }
            }
        }
        return false;
    }

    private static boolean names(Class<? extends Annotation> type, Set<Class<?>> seen) {
        if (QUARKUS.contains(type.getName())) {
            return true;
        }
        if (!seen.add(type) || type.getName().startsWith("java.")) {
            return false;
        }
        for (Annotation meta : type.getAnnotations()) {
            if (names(meta.annotationType(), seen)) {
                return true;
            }
        }
        return false;
    }
}
