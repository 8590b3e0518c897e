package org.portwatch.bench;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class CpuSnapshotTest {

    @Test
    void shouldReadTicksAndANameWithSpacesAndParenthesesFromAStatLine() {
        String line = "4242 (rocksdb:low (x)) S 1 2 3 4 5 6 7 8 9 10 150 25 0 0 20 0 1 0 100 0 0";
        CpuSnapshot.Stat stat = CpuSnapshot.Stat.parse(line);
        assertThat(stat.id()).isEqualTo(4242);
        assertThat(stat.comm()).isEqualTo("rocksdb:low (x)");
        assertThat(stat.ticks()).isEqualTo(175);
    }

    @Test
    void shouldGroupNumberedThreads() {
        assertThat(CpuSnapshot.group("GC Thread#1")).isEqualTo("GC Thread");
        assertThat(CpuSnapshot.group("C2 CompilerThre")).isEqualTo("C2 CompilerThre");
        assertThat(CpuSnapshot.group("rocksdb:low")).isEqualTo("rocksdb:low");
    }

    @Test
    void aSnapshotOfThisProcessShouldSeeThisThread() {
        CpuSnapshot a = CpuSnapshot.take(0);
        long spin = 0;
        for (int i = 0; i < 2_000_000; i++) {
            spin += Integer.bitCount(i);
        }
        CpuSnapshot b = CpuSnapshot.take(0);
        CpuSnapshot.Delta d = a.to(b);
        assertThat(spin).isPositive();
        assertThat(d.wallNanos()).isPositive();
        assertThat(d.javaThreadCpu()).containsKey(Thread.currentThread().getName());
    }
}
