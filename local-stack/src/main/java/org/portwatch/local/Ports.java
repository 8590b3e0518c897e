package org.portwatch.local;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;

/** Whether a TCP port can still be listened on. */
final class Ports {

    private Ports() {
    }

    /** True if nothing listens on {@code port} on any address of this machine. */
    static boolean isFree(int port) {
        try (ServerSocket socket = new ServerSocket()) {
            // As the services' HTTP server will: reuse a port whose old connections linger in TIME_WAIT.
            socket.setReuseAddress(true);
            socket.bind(new InetSocketAddress(port));
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
