package org.portwatch.infra;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.compressors.xz.XZCompressorInputStream;

import io.zonky.test.db.postgres.embedded.DefaultPostgresBinaryResolver;

/**
 * The PostgreSQL binaries of zonky's bundle, unpacked once into a shared cache directory, and the
 * means to run them as an unprivileged user when this JVM runs as root.
 *
 * <p>Why a cache: the bundle is a 14 MB xz tarball; unpacking it costs a few seconds, so every
 * JVM (each service's test run, the local stack) reuses one copy under
 * {@code ${java.io.tmpdir}/portwatch-pg-<uid>/<bundle sha-256 prefix>}. A file lock serialises
 * JVMs that start at the same moment, and a completion marker, written before the directory is
 * renamed into place, means a half-extracted copy is never used.
 *
 * <p>Why {@code setpriv}: initdb and postgres refuse to run as root, and CI here runs as root.
 * Under uid 0 every PostgreSQL command is run through
 * {@code setpriv --reuid=65534 --regid=65534 --clear-groups --} (user {@code nobody}); the
 * binaries are made world-readable and the directories on the way to them traversable.
 */
final class PostgresBinaries {

    /** uid and gid of {@code nobody}, the account PostgreSQL runs as when we are root. */
    static final int UNPRIVILEGED_ID = 65534;

    private static final String MARKER = ".complete";
    private static Path installed;

    private PostgresBinaries() {
    }

    /** Whether this JVM runs as uid 0, in which case PostgreSQL commands need {@link #command}. */
    static boolean runningAsRoot() {
        return uid() == 0;
    }

    private static long uid() {
        return new com.sun.security.auth.module.UnixSystem().getUid();
    }

    /**
     * {@code ${java.io.tmpdir}/<name>-<uid>}, created if missing. Per user, so that a root run
     * and an ordinary user's run on the same machine never need each other's directories.
     */
    static Path sharedTempDirectory(String name) throws IOException {
        Path dir = Paths.get(System.getProperty("java.io.tmpdir"), name + "-" + uid()).toAbsolutePath();
        Files.createDirectories(dir);
        return dir;
    }

    /** The directory holding {@code bin/}, {@code lib/} and {@code share/}, unpacking it if needed. */
    static synchronized Path installDirectory() {
        if (installed == null) {
            try {
                installed = unpack();
            } catch (IOException e) {
                throw new UncheckedIOException("Could not unpack the PostgreSQL binaries", e);
            }
        }
        return installed;
    }

    /**
     * The command line to run {@code program} (e.g. {@code "initdb"}) with {@code args}: direct
     * when we are an ordinary user, through {@code setpriv} as {@code nobody} when we are root.
     */
    static List<String> command(String program, List<String> args) {
        List<String> command = new ArrayList<>();
        if (runningAsRoot()) {
            command.add(setpriv());
            command.add("--reuid=" + UNPRIVILEGED_ID);
            command.add("--regid=" + UNPRIVILEGED_ID);
            command.add("--clear-groups");
            command.add("--");
        }
        command.add(installDirectory().resolve("bin").resolve(program).toString());
        command.addAll(args);
        return command;
    }

    /**
     * Hands {@code directory} to {@code nobody} when we are root (PostgreSQL must own its data
     * directory and write its socket), and makes every ancestor traversable for it.
     */
    static void giveToPostgresUser(Path directory) throws IOException {
        if (!runningAsRoot()) {
            return;
        }
        Files.setAttribute(directory, "unix:uid", UNPRIVILEGED_ID, LinkOption.NOFOLLOW_LINKS);
        Files.setAttribute(directory, "unix:gid", UNPRIVILEGED_ID, LinkOption.NOFOLLOW_LINKS);
        makeAncestorsTraversable(directory);
    }

    /** Adds the others-execute bit to each ancestor that lacks it, so {@code nobody} can reach it. */
    static void makeAncestorsTraversable(Path path) throws IOException {
        for (Path dir = path.toAbsolutePath().getParent(); dir != null; dir = dir.getParent()) {
            Set<PosixFilePermission> perms = Files.getPosixFilePermissions(dir);
            if (!perms.contains(PosixFilePermission.OTHERS_EXECUTE)) {
                perms.add(PosixFilePermission.OTHERS_EXECUTE);
                Files.setPosixFilePermissions(dir, perms);
            }
        }
    }

    private static String setpriv() {
        for (String candidate : List.of("/usr/bin/setpriv", "/bin/setpriv", "/usr/sbin/setpriv")) {
            if (Files.isExecutable(Paths.get(candidate))) {
                return candidate;
            }
        }
        throw new IllegalStateException("Running as root, but setpriv (util-linux) is not installed;"
                + " PostgreSQL refuses to run as root and needs it to switch to user nobody");
    }

    @SuppressWarnings("try") // the lock is held by being open, not by being referenced
    private static Path unpack() throws IOException {
        byte[] bundle;
        String digest;
        try (InputStream in = DefaultPostgresBinaryResolver.INSTANCE.getPgBinary("Linux", architecture());
                DigestInputStream digesting = new DigestInputStream(in, MessageDigest.getInstance("SHA-256"))) {
            bundle = digesting.readAllBytes();
            digest = HexFormat.of().formatHex(digesting.getMessageDigest().digest()).substring(0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }

        Path cacheRoot = sharedTempDirectory("portwatch-pg");
        Path target = cacheRoot.resolve(digest);
        while (!Files.exists(target.resolve(MARKER))) {
            try (FileChannel lockChannel = FileChannel.open(cacheRoot.resolve(digest + ".lock"),
                    StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                    FileLock ignored = lockChannel.lock()) {
                if (!Files.exists(target.resolve(MARKER))) { // else: done while we waited
                    // Staging directories can only be left by JVMs that died holding this lock.
                    try (var stale = Files.newDirectoryStream(cacheRoot, digest + ".staging-*")) {
                        for (Path dir : stale) {
                            deleteRecursively(dir);
                        }
                    }
                    if (Files.exists(target)) {
                        deleteRecursively(target); // a copy whose marker was removed by hand
                    }
                    Path staging = Files.createTempDirectory(cacheRoot, digest + ".staging-");
                    extract(bundle, staging);
                    setDirectoryPermissions(staging);
                    Files.createFile(staging.resolve(MARKER));
                    Files.move(staging, target, StandardCopyOption.ATOMIC_MOVE);
                }
            } catch (OverlappingFileLockException sameJvm) {
                // Another class loader's copy of this class holds the lock in this JVM (file
                // locks are per process); wait for it to finish instead.
                try {
                    Thread.sleep(100);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IOException("Interrupted while waiting for the PostgreSQL binaries", e);
                }
            }
        }
        if (runningAsRoot()) {
            makeAncestorsTraversable(target.resolve("bin"));
        }
        return target;
    }

    private static String architecture() {
        String arch = System.getProperty("os.arch").toLowerCase(Locale.ROOT);
        return switch (arch) {
            case "amd64", "x86_64" -> "x86_64";
            case "aarch64", "arm64" -> "aarch64";
            default -> arch;
        };
    }

    /** Unpacks the xz tarball, keeping file modes, symbolic and hard links. */
    private static void extract(byte[] bundle, Path into) throws IOException {
        try (TarArchiveInputStream tar = new TarArchiveInputStream(
                new XZCompressorInputStream(new ByteArrayInputStream(bundle)))) {
            TarArchiveEntry entry;
            while ((entry = tar.getNextEntry()) != null) {
                Path path = into.resolve(entry.getName()).normalize();
                if (!path.startsWith(into)) {
                    throw new IOException("Tar entry escapes the target directory: " + entry.getName());
                }
                if (entry.isDirectory()) {
                    Files.createDirectories(path);
                    continue;
                }
                Files.createDirectories(path.getParent());
                if (entry.isSymbolicLink()) {
                    Files.createSymbolicLink(path, Paths.get(entry.getLinkName()));
                } else if (entry.isLink()) {
                    Files.createLink(path, into.resolve(entry.getLinkName()).normalize());
                } else {
                    Files.copy(tar, path, StandardCopyOption.REPLACE_EXISTING);
                    Files.setPosixFilePermissions(path, worldReadable(entry.getMode(), false));
                }
            }
        } catch (FileAlreadyExistsException e) {
            throw new IOException("Duplicate entry in the PostgreSQL bundle: " + e.getFile(), e);
        }
    }

    /** Directories become 0755 (files got their tar mode, made world-readable, in extract). */
    private static void setDirectoryPermissions(Path root) throws IOException {
        try (var paths = Files.walk(root)) {
            for (Path path : (Iterable<Path>) paths::iterator) {
                if (Files.isDirectory(path, LinkOption.NOFOLLOW_LINKS)) {
                    Files.setPosixFilePermissions(path, worldReadable(0755, true));
                }
            }
        }
    }

    private static Set<PosixFilePermission> worldReadable(int mode, boolean directory) {
        Set<PosixFilePermission> perms = EnumSet.noneOf(PosixFilePermission.class);
        PosixFilePermission[] bits = {
            PosixFilePermission.OTHERS_EXECUTE, PosixFilePermission.OTHERS_WRITE, PosixFilePermission.OTHERS_READ,
            PosixFilePermission.GROUP_EXECUTE, PosixFilePermission.GROUP_WRITE, PosixFilePermission.GROUP_READ,
            PosixFilePermission.OWNER_EXECUTE, PosixFilePermission.OWNER_WRITE, PosixFilePermission.OWNER_READ,
        };
        for (int i = 0; i < bits.length; i++) {
            if ((mode & (1 << i)) != 0) {
                perms.add(bits[i]);
            }
        }
        perms.add(PosixFilePermission.OWNER_READ);
        perms.add(PosixFilePermission.GROUP_READ);
        perms.add(PosixFilePermission.OTHERS_READ);
        if (directory || perms.contains(PosixFilePermission.OWNER_EXECUTE)) {
            perms.add(PosixFilePermission.OWNER_EXECUTE);
            perms.add(PosixFilePermission.GROUP_EXECUTE);
            perms.add(PosixFilePermission.OTHERS_EXECUTE);
        }
        return perms;
    }

    /** Deletes a directory tree without following symbolic links. */
    static void deleteRecursively(Path root) throws IOException {
        if (!Files.exists(root, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        try (var paths = Files.walk(root)) {
            List<Path> all = new ArrayList<>(paths.toList());
            Collections.reverse(all);
            for (Path path : all) {
                Files.deleteIfExists(path);
            }
        }
    }

    /**
     * Runs a process to completion and returns its combined output. The output goes to a file,
     * not a pipe, so that a hung child (or a daemon that inherited the pipe) cannot block us past
     * the timeout.
     */
    static ProcessResult run(List<String> command, Path workingDirectory, long timeoutSeconds)
            throws IOException {
        Path outputFile = Files.createTempFile("portwatch-pg-cmd-", ".log");
        try {
            ProcessBuilder builder = new ProcessBuilder(command)
                    .directory(workingDirectory.toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(outputFile.toFile())
                    .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
            // Ambient PG* variables (PGDATA, PGPORT, PGOPTIONS...) must not steer our instance.
            builder.environment().keySet().removeIf(name -> name.startsWith("PG"));
            builder.environment().put("LC_ALL", "C");
            builder.environment().put("LANG", "C");
            Process process = builder.start();
            try {
                if (!process.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                    throw new IOException("Timed out after " + timeoutSeconds + " s: "
                            + String.join(" ", command) + "\n" + readLenient(outputFile));
                }
            } catch (InterruptedException e) {
                process.destroyForcibly();
                Thread.currentThread().interrupt();
                throw new IOException("Interrupted while running " + String.join(" ", command), e);
            }
            return new ProcessResult(process.exitValue(), readLenient(outputFile));
        } finally {
            Files.deleteIfExists(outputFile);
        }
    }

    /** A file's text, decoding invalid UTF-8 leniently (log text must never hide an error). */
    static String readLenient(Path file) throws IOException {
        return new String(Files.readAllBytes(file), java.nio.charset.StandardCharsets.UTF_8);
    }

    record ProcessResult(int exitCode, String output) {
    }
}
