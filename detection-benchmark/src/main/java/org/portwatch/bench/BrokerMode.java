package org.portwatch.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.concurrent.TimeUnit;
import org.portwatch.infra.EmbeddedKafka;

/**
 * {@code java -jar detection-benchmark.jar broker --bootstrap-file FILE [--max-minutes N]}: the embedded KRaft
 * broker alone in its own JVM, so that the benchmark's process CPU is the detector's and not the broker's.
 * Writes {@code host:port} to FILE once it serves, and stops when {@code FILE.stop} appears or after N minutes
 * (default 20), whichever comes first.
 */
final class BrokerMode {

    private BrokerMode() {
    }

    static int run(String[] args) throws Exception {
        Path file = null;
        long maxMinutes = 20;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--bootstrap-file" -> file = Path.of(args[++i]);
                case "--max-minutes" -> maxMinutes = Long.parseLong(args[++i]);
                default -> throw new IllegalArgumentException("broker mode: unknown argument " + args[i]);
            }
        }
        if (file == null) {
            throw new IllegalArgumentException("broker mode needs --bootstrap-file FILE");
        }
        Path stop = file.resolveSibling(file.getFileName() + ".stop");
        Files.deleteIfExists(stop);
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(maxMinutes);
        try (EmbeddedKafka kafka = EmbeddedKafka.start()) {
            Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
            Files.writeString(tmp, kafka.bootstrapServers() + "\n");
            Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            System.out.println("broker " + kafka.bootstrapServers() + " pid " + ProcessHandle.current().pid());
            while (!Files.exists(stop) && System.nanoTime() < deadline) {
                Thread.sleep(200);
            }
            System.out.println(Files.exists(stop) ? "broker: stop file seen, closing" : "broker: time is up, closing");
        }
        Files.deleteIfExists(stop);
        return 0;
    }
}
