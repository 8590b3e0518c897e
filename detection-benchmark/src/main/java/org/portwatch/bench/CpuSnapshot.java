package org.portwatch.bench;

import com.sun.management.OperatingSystemMXBean;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Predicate;

/**
 * CPU time so far: of this process ({@link OperatingSystemMXBean#getProcessCpuTime}), of each Java thread
 * (ThreadMXBean, full names) and of each native thread of this process ({@code /proc/self/task}, which also
 * sees RocksDB's background threads, GC and JIT; names cut to 15 characters by the kernel), and optionally of
 * another process (the broker). Two snapshots make a {@link Delta}.
 */
public final class CpuSnapshot {

    /** Linux reports thread times in clock ticks; USER_HZ is 100 on every mainstream kernel build. */
    static final long NANOS_PER_TICK = 10_000_000L;

    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();
    private static final OperatingSystemMXBean OS =
            (OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();

    final long wallNanos;
    final long processCpuNanos;
    final Map<Long, String> javaNames;
    final Map<Long, Long> javaCpu;
    final Map<Long, String> nativeNames;
    final Map<Long, Long> nativeTicks;
    final long otherProcessTicks;

    private CpuSnapshot(long wallNanos, long processCpuNanos, Map<Long, String> javaNames, Map<Long, Long> javaCpu,
            Map<Long, String> nativeNames, Map<Long, Long> nativeTicks, long otherProcessTicks) {
        this.wallNanos = wallNanos;
        this.processCpuNanos = processCpuNanos;
        this.javaNames = javaNames;
        this.javaCpu = javaCpu;
        this.nativeNames = nativeNames;
        this.nativeTicks = nativeTicks;
        this.otherProcessTicks = otherProcessTicks;
    }

    /** @param otherPid a process whose CPU to follow too (the broker), 0 for none */
    public static CpuSnapshot take(long otherPid) {
        long wall = System.nanoTime();
        long process = OS.getProcessCpuTime();
        Map<Long, String> names = new HashMap<>();
        Map<Long, Long> cpu = new HashMap<>();
        if (THREADS.isThreadCpuTimeSupported() && THREADS.isThreadCpuTimeEnabled()) {
            for (ThreadInfo info : THREADS.getThreadInfo(THREADS.getAllThreadIds())) {
                if (info == null) {
                    continue;
                }
                long t = THREADS.getThreadCpuTime(info.getThreadId());
                if (t >= 0) {
                    names.put(info.getThreadId(), info.getThreadName());
                    cpu.put(info.getThreadId(), t);
                }
            }
        }
        Map<Long, String> nativeNames = new HashMap<>();
        Map<Long, Long> ticks = new HashMap<>();
        Path tasks = Path.of("/proc/self/task");
        if (Files.isDirectory(tasks)) {
            try (DirectoryStream<Path> dir = Files.newDirectoryStream(tasks)) {
                for (Path task : dir) {
                    try {
                        Stat stat = Stat.parse(Files.readString(task.resolve("stat")));
                        nativeNames.put(stat.id(), stat.comm());
                        ticks.put(stat.id(), stat.ticks());
                    } catch (IOException | RuntimeException e) {
                        // the thread ended between listing and reading
                    }
                }
            } catch (IOException e) {
                // no per-thread native figures then
            }
        }
        long other = 0;
        if (otherPid > 0) {
            try {
                other = Stat.parse(Files.readString(Path.of("/proc", Long.toString(otherPid), "stat"))).ticks();
            } catch (IOException | RuntimeException e) {
                other = -1;
            }
        }
        return new CpuSnapshot(wall, process, names, cpu, nativeNames, ticks, other);
    }

    /** CPU of the current thread so far, in nanoseconds. */
    public static long currentThreadCpuNanos() {
        return THREADS.getCurrentThreadCpuTime();
    }

    /** One line of {@code /proc/.../stat}: id, name and user+system time in ticks. */
    record Stat(long id, String comm, long ticks) {
        static Stat parse(String line) {
            int open = line.indexOf('(');
            int close = line.lastIndexOf(')');
            if (open < 0 || close < open) {
                throw new IllegalArgumentException("not a stat line: " + line);
            }
            long id = Long.parseLong(line.substring(0, open).trim());
            String comm = line.substring(open + 1, close);
            String[] fields = line.substring(close + 2).trim().split("\\s+");
            // fields[0] is field 3 (state); utime and stime are fields 14 and 15
            return new Stat(id, comm, Long.parseLong(fields[11]) + Long.parseLong(fields[12]));
        }
    }

    /** What happened between two snapshots. */
    public record Delta(long wallNanos, long processCpuNanos, Map<String, Long> javaThreadCpu,
            Map<String, Long> nativeGroupCpu, long otherProcessCpuNanos) {

        public double wallSeconds() {
            return wallNanos / 1e9;
        }

        public double processCpuSeconds() {
            return processCpuNanos / 1e9;
        }

        /** CPU of the Java threads whose name matches, in seconds. */
        public double javaSeconds(Predicate<String> name) {
            return javaThreadCpu.entrySet().stream().filter(e -> name.test(e.getKey()))
                    .mapToLong(Map.Entry::getValue).sum() / 1e9;
        }

        /** CPU of the native thread groups (kernel names, cut to 15 characters) that match, in seconds. */
        public double nativeSeconds(Predicate<String> group) {
            return nativeGroupCpu.entrySet().stream().filter(e -> group.test(e.getKey()))
                    .mapToLong(Map.Entry::getValue).sum() / 1e9;
        }

        /** The busiest native thread groups, for the result. */
        public Map<String, Double> topNativeGroups(int n) {
            Map<String, Double> top = new LinkedHashMap<>();
            nativeGroupCpu.entrySet().stream().sorted(Map.Entry.<String, Long>comparingByValue().reversed()).limit(n)
                    .forEach(e -> top.put(e.getKey(), Math.round(e.getValue() / 1e7) / 100.0));
            return top;
        }
    }

    /** From this snapshot to a later one. Threads that started in between count from zero. */
    public Delta to(CpuSnapshot later) {
        Map<String, Long> java = new TreeMap<>();
        later.javaCpu.forEach((id, t) -> {
            long d = t - javaCpu.getOrDefault(id, 0L);
            if (d > 0) {
                java.merge(later.javaNames.get(id), d, Long::sum);
            }
        });
        Map<String, Long> groups = new TreeMap<>();
        later.nativeTicks.forEach((id, t) -> {
            long d = t - nativeTicks.getOrDefault(id, 0L);
            if (d > 0) {
                groups.merge(group(later.nativeNames.get(id)), d * NANOS_PER_TICK, Long::sum);
            }
        });
        long other = otherProcessTicks < 0 || later.otherProcessTicks < 0 ? -1
                : (later.otherProcessTicks - otherProcessTicks) * NANOS_PER_TICK;
        return new Delta(later.wallNanos - wallNanos, later.processCpuNanos - processCpuNanos, java, groups, other);
    }

    /** Kernel thread names without their trailing number, so that "GC Thread#0" and "#1" add up. */
    static String group(String comm) {
        return comm.replaceAll("[#-]?\\d+$", "").trim();
    }
}
