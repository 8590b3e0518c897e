package org.portwatch.local;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.logging.SimpleFormatter;
import java.util.logging.StreamHandler;

/**
 * Where the in-process Kafka broker and PostgreSQL log: to {@code .local/logs/infra.log}, so
 * the console keeps the banner and the simulator's summaries. Embedded-infra routes slf4j and
 * log4j-api into JBoss LogManager, which must therefore be the JUL log manager.
 */
final class InfraLogging {

    static final String LOG_MANAGER = "org.jboss.logmanager.LogManager";

    private InfraLogging() {
    }

    /** Call first thing in main, before anything touches java.util.logging. */
    static void installLogManager() {
        if (System.getProperty("java.util.logging.manager") == null) {
            System.setProperty("java.util.logging.manager", LOG_MANAGER);
        }
    }

    /**
     * Runs {@code action} with {@code System.out} sent to the log (category {@code stdout}): the
     * Kafka test kit prints its storage formatting there. Callers keep their own reference to
     * the console.
     */
    static <T> T withStdoutToLog(Callable<T> action) throws Exception {
        PrintStream console = System.out;
        Logger logger = Logger.getLogger("stdout");
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        PrintStream toLog = new PrintStream(new OutputStream() {
            @Override
            public synchronized void write(int b) {
                if (b == '\n') {
                    logger.info(line.toString(StandardCharsets.UTF_8));
                    line.reset();
                } else {
                    line.write(b);
                }
            }
        }, true, StandardCharsets.UTF_8);
        System.setOut(toLog);
        try {
            return action.call();
        } finally {
            System.setOut(console);
            toLog.flush();
        }
    }

    /** Sends every log record of this JVM to {@code file} (started afresh) instead of the console. */
    static void toFile(Path file) throws IOException {
        Files.createDirectories(file.toAbsolutePath().getParent());
        System.setProperty("java.util.logging.SimpleFormatter.format", "%1$tF %1$tT.%1$tL %4$-7s [%3$s] %5$s%6$s%n");
        Logger root = Logger.getLogger("");
        for (Handler h : root.getHandlers()) {
            root.removeHandler(h);
        }
        Files.deleteIfExists(file);
        // Left by java.util.logging.FileHandler in early versions of the launcher.
        Files.deleteIfExists(file.resolveSibling(file.getFileName() + ".lck"));
        OutputStream stream = Files.newOutputStream(file);
        Handler handler = new StreamHandler(stream, new SimpleFormatter()) {
            @Override
            public synchronized void publish(LogRecord record) {
                super.publish(record);
                // Readable while the stack runs, and nothing lost if the JVM stops abruptly.
                flush();
            }
        };
        handler.setLevel(Level.ALL);
        root.addHandler(handler);
        root.setLevel(Level.INFO);
    }
}
