package org.portwatch.bench;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.logging.SimpleFormatter;
import java.util.logging.StreamHandler;

/**
 * Every log record of the JVM (Kafka clients, Streams, the broker, the detector's one line per alert) goes to
 * a file, buffered, so the console keeps the benchmark's own progress lines and the logging costs what it
 * costs in the service, not a terminal's speed. Embedded-infra routes slf4j and log4j-api into JBoss
 * LogManager, which therefore has to be the JUL log manager: {@link #installLogManager} first thing in main.
 */
final class BenchLogging {

    private static Handler handler;
    /** Held, so that a collected logger node cannot drop the level set on it. */
    private static Logger quietConfig;

    private BenchLogging() {
    }

    static void installLogManager() {
        if (System.getProperty("java.util.logging.manager") == null) {
            System.setProperty("java.util.logging.manager", "org.jboss.logmanager.LogManager");
        }
    }

    static synchronized void toFile(Path file) throws IOException {
        if (file.toAbsolutePath().getParent() != null) {
            Files.createDirectories(file.toAbsolutePath().getParent());
        }
        System.setProperty("java.util.logging.SimpleFormatter.format", "%1$tF %1$tT.%1$tL %4$-7s [%3$s] %5$s%6$s%n");
        Logger root = Logger.getLogger("");
        for (Handler h : root.getHandlers()) {
            root.removeHandler(h);
        }
        OutputStream stream = new BufferedOutputStream(Files.newOutputStream(file), 1 << 16);
        handler = new StreamHandler(stream, new SimpleFormatter()) {
            @Override
            public synchronized void publish(LogRecord record) {
                super.publish(record);
                if (record.getLevel().intValue() >= Level.WARNING.intValue()) {
                    flush();
                }
            }
        };
        handler.setLevel(Level.ALL);
        root.addHandler(handler);
        root.setLevel(Level.INFO);
        // Each client config object dumps a few hundred lines at INFO.
        quietConfig = Logger.getLogger("org.apache.kafka.common.config.AbstractConfig");
        quietConfig.setLevel(Level.WARNING);
    }

    static synchronized void flush() {
        if (handler != null) {
            handler.flush();
        }
    }
}
