package org.portwatch.alert.role;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import io.smallrye.config.WithParentName;

/**
 * Which part of alert-service this process runs ({@link Role}); env {@code PORTWATCH_ROLE}. The mapping's prefix is the
 * property itself: a mapping of all of {@code portwatch.*} would refuse every other {@code portwatch.} key (the test
 * suites' own system properties among them) as unknown.
 */
@ConfigMapping(prefix = "portwatch.role")
public interface RoleConfig {

    /**
     * {@code all} by default: the local run and every test run the whole service in one process, and a deployment
     * that forgets the setting still detects and serves (twice the work of a split, never half of it). Kubernetes
     * sets {@code detector} on the StatefulSet and {@code api} on the Deployment. Checked strictly by
     * {@link RoleSettings} before anything starts.
     */
    @WithParentName
    @WithDefault("all")
    Role role();
}
