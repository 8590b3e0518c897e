/**
 * One artifact, two roles: {@code portwatch.role=detector|api|all} ({@link org.portwatch.alert.role.Role}). What a
 * role implies for configuration is {@link org.portwatch.alert.role.RoleSettings} (read before Quarkus starts); what it
 * starts is {@link org.portwatch.alert.role.RoleLifecycle}'s events, which the API's background work and the
 * detector's probe observe instead of StartupEvent. This package depends on no other of the service: the features
 * read the role, never the other way round.
 */
package org.portwatch.alert.role;
