package org.portwatch.infra.testing;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * A stack's services bind their ports seconds after they were picked, so a port handed out once must never be handed
 * out again in the same JVM, even when the kernel offers it again (it is free until its service binds it).
 */
class FreePortTest {

    @Test
    void neverHandsOutThePortOfAnotherServiceAgain() throws Exception {
        Set<Integer> seen = new HashSet<>();
        for (int i = 0; i < 300; i++) {
            int port = PackagedStack.freePort();
            assertTrue(port > 0 && port <= 65535, "a port: " + port);
            assertTrue(seen.add(port), "port " + port + " handed out twice");
        }
    }
}
