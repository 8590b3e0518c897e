package org.portwatch.ingest.device;

import jakarta.ws.rs.core.HttpHeaders;
import java.util.Map;
import java.util.Set;
import org.portwatch.service.problem.ProblemException;
import org.portwatch.service.problem.ProblemType;

/**
 * Whether a failure of the device registry means "PostgreSQL cannot be reached right now" (answer 503, the
 * client retries) rather than a fault of ours (500, with an error id in the log).
 */
final class RegistryErrors {

    /**
     * Connection refused, a connect or pool-acquisition timeout, a full wait queue, a connection lost
     * mid-query. By name where Vert.x has no public type for it ({@code NoStackTraceThrowable: Timeout}).
     */
    private static final Set<String> UNAVAILABLE = Set.of(
            "java.net.ConnectException",
            "java.net.NoRouteToHostException",
            "java.nio.channels.ClosedChannelException",
            "java.util.concurrent.TimeoutException",
            "io.smallrye.mutiny.TimeoutException",
            "io.vertx.core.impl.NoStackTraceThrowable",
            "io.vertx.core.http.ConnectionPoolTooBusyException",
            "io.vertx.sqlclient.ClosedConnectionException",
            "io.netty.channel.ConnectTimeoutException");

    private RegistryErrors() {
    }

    static boolean isUnavailable(Throwable error) {
        for (Throwable cause = error; cause != null; cause = cause.getCause()) {
            for (Class<?> type = cause.getClass(); type != null; type = type.getSuperclass()) {
                if (UNAVAILABLE.contains(type.getName())) {
                    return true;
                }
            }
        }
        return false;
    }

    static ProblemException unavailable(int retryAfterSeconds) {
        return new ProblemException(ProblemType.SERVICE_UNAVAILABLE,
                "The device registry cannot be reached right now; retry later.", null,
                Map.of(HttpHeaders.RETRY_AFTER, Integer.toString(retryAfterSeconds)));
    }
}
