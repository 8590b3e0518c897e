package org.portwatch.ingest.support;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.portwatch.infra.testing.SharedInfra;

/**
 * Freezes the shared PostgreSQL server the way the issue saw it fail: every process of the server stopped
 * (SIGSTOP), then resumed (SIGCONT). Clients can still open TCP connections (the kernel accepts them) but
 * nothing answers: the hardest case for timeouts. Found by its port on the postmaster's command line, so
 * embedded-infra needs no change for it.
 */
public final class FrozenPostgres implements AutoCloseable {

    private final List<Long> pids;

    private FrozenPostgres(List<Long> pids) {
        this.pids = pids;
    }

    /** Stops the server and all its backends until {@link #close()}. */
    public static FrozenPostgres freeze() {
        int port = SharedInfra.postgres().port();
        ProcessHandle postmaster = postmaster(port);
        List<Long> pids = new ArrayList<>();
        pids.add(postmaster.pid());
        // A stopped postmaster forks no new backend, so this list stays complete until we resume it.
        postmaster.descendants().forEach(child -> pids.add(child.pid()));
        signal("STOP", pids);
        return new FrozenPostgres(pids);
    }

    @Override
    public void close() {
        signal("CONT", pids);
    }

    private static ProcessHandle postmaster(int port) {
        Pattern ownPort = Pattern.compile("(^|\\s)-p\\s+" + port + "(\\s|$)");
        try (DirectoryStream<Path> processes = Files.newDirectoryStream(Path.of("/proc"), "[0-9]*")) {
            for (Path process : processes) {
                String commandLine;
                try {
                    commandLine = new String(Files.readAllBytes(process.resolve("cmdline")), StandardCharsets.UTF_8)
                            .replace('\0', ' ');
                } catch (IOException gone) {
                    continue;
                }
                if (commandLine.contains("postgres") && ownPort.matcher(commandLine).find()) {
                    long pid = Long.parseLong(process.getFileName().toString());
                    ProcessHandle handle = ProcessHandle.of(pid).orElse(null);
                    if (handle != null && handle.parent().map(p -> !isPostgres(p)).orElse(true)) {
                        return handle;
                    }
                }
            }
        } catch (IOException e) {
            throw new IllegalStateException("Cannot list /proc", e);
        }
        throw new IllegalStateException("No postmaster listening on port " + port);
    }

    private static boolean isPostgres(ProcessHandle process) {
        try {
            return Files.readString(Path.of("/proc", Long.toString(process.pid()), "comm")).strip().startsWith("postgres");
        } catch (IOException e) {
            return false;
        }
    }

    private static void signal(String signal, List<Long> pids) {
        List<String> command = new ArrayList<>(List.of("kill", "-" + signal));
        pids.stream().map(String::valueOf).forEach(command::add);
        try {
            Process kill = new ProcessBuilder(command).redirectErrorStream(true).start();
            String output;
            try (Stream<String> lines = kill.inputReader().lines()) {
                output = String.join("\n", lines.toList());
            }
            if (kill.waitFor() != 0 && "STOP".equals(signal)) {
                throw new IllegalStateException("kill -" + signal + " failed: " + output);
            }
        } catch (IOException e) {
            throw new IllegalStateException("kill -" + signal + " failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
