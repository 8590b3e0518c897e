package org.portwatch.alert.role;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Which part of alert-service this process runs ({@link Role}); env {@code PORTWATCH_ROLE}. */
@ConfigMapping(prefix = "portwatch")
public interface RoleConfig {

    /**
     * {@code all} by default: the local run and every test run the whole service in one process, and a deployment
     * that forgets the setting still detects and serves (twice the work of a split, never half of it). Kubernetes
     * sets {@code detector} on the StatefulSet and {@code api} on the Deployment. Checked strictly by
     * {@link RoleSettings} before anything starts.
     */
    @WithDefault("all")
    Role role();
}
