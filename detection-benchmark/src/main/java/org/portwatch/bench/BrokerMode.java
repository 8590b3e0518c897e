package org.portwatch.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import org.portwatch.infra.EmbeddedKafka;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code java -jar detection-benchmark.jar broker --bootstrap-file FILE [--max-minutes N]}: the embedded KRaft
 * broker alone in its own JVM, so that the benchmark's process CPU is the detector's and not the broker's.
 * Writes {@code host:port} to FILE once it serves, and stops when {@code FILE.stop} appears or after N minutes
 * (default 20), whichever comes first.
 */
@Command(name = "java -jar detection-benchmark.jar broker", usageHelpWidth = 110,
        description = "The embedded KRaft broker alone in its own JVM, for bench/detection-benchmark.sh.")
final class BrokerMode implements Callable<Integer> {

    @Option(names = "--bootstrap-file", paramLabel = "FILE", required = true,
            description = "host:port goes there once the broker serves; FILE.stop stops it")
    private Path file;
    /** A broker the script failed to stop must not outlive the run by long: the script passes its own bound. */
    @Option(names = "--max-minutes", paramLabel = "N", defaultValue = "20",
            description = "stop after N minutes at the latest (${DEFAULT-VALUE})")
    private long maxMinutes;
    @Option(names = {"-h", "--help"}, usageHelp = true, description = "this text")
    private boolean help;

    private BrokerMode() {
    }

    /** Exit code: 0 stopped as asked or on time, 2 a bad command line (said on stderr with the usage). */
    static int run(String[] args) {
        return new CommandLine(new BrokerMode()).execute(args);
    }

    @Override
    public Integer call() throws Exception {
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
