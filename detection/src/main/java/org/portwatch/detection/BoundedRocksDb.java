package org.portwatch.detection;

import java.util.Map;
import org.apache.kafka.streams.state.RocksDBConfigSetter;
import org.rocksdb.BlockBasedTableConfig;
import org.rocksdb.Cache;
import org.rocksdb.LRUCache;
import org.rocksdb.Options;
import org.rocksdb.WriteBufferManager;

/**
 * One memory budget for every RocksDB store of the process ({@code rocksdb.config.setter}), as the Kafka Streams
 * memory-management guide prescribes: a single LRU block cache shared by all stores, whose index and filter blocks
 * count against it, and a WriteBufferManager that charges every memtable to the same cache. Without it each store
 * of each task opens its own 50 MB block cache and memtables, so a detector's off-heap memory grows with the tasks it
 * is given (after a failover: twice as many) until the container's memory limit kills it.
 *
 * <p>The budget is {@value #TOTAL_BYTES_CONFIG} in the Streams configuration (bytes; default
 * {@value #DEFAULT_TOTAL_BYTES}), a third of it for memtables. The cache is static: one per JVM, made by the first
 * store opened, shared by every store and every Streams client of the process, and never closed by a store.
 */
public class BoundedRocksDb implements RocksDBConfigSetter {

    /** Streams configuration key of the whole budget, in bytes (passed through by Streams to config setters). */
    public static final String TOTAL_BYTES_CONFIG = "portwatch.rocksdb.total.bytes";
    /**
     * 128 MiB: ~4 KB of state per patient (docs/benchmarks.md) puts 10,000 patients' working set at ~40 MB, so the
     * hot state stays cached with room for the memtables of 4 stores per task.
     */
    public static final long DEFAULT_TOTAL_BYTES = 128L * 1024 * 1024;
    /** Memtables get a third: the state is rewritten on every reading, so writes need room, reads need the rest. */
    static final double MEMTABLE_SHARE = 1.0 / 3;
    /** Index and filter blocks first in, last out: evicting them makes every read go to disk twice. */
    private static final double HIGH_PRIORITY_SHARE = 0.1;
    private static final long BLOCK_SIZE = 4096;
    private static final int MEMTABLES_PER_STORE = 2;
    private static final long MEMTABLE_BYTES = 8L * 1024 * 1024;

    private static Cache cache;
    private static WriteBufferManager writeBufferManager;
    private static long budget;

    @Override
    public void setConfig(String storeName, Options options, Map<String, Object> configs) {
        BlockBasedTableConfig table = (BlockBasedTableConfig) options.tableFormatConfig();
        synchronized (BoundedRocksDb.class) {
            if (cache == null) {
                budget = totalBytes(configs);
                cache = new LRUCache(budget, -1, false, HIGH_PRIORITY_SHARE);
                writeBufferManager = new WriteBufferManager((long) (budget * MEMTABLE_SHARE), cache);
            }
            table.setBlockCache(cache);
            options.setWriteBufferManager(writeBufferManager);
        }
        table.setCacheIndexAndFilterBlocks(true);
        table.setCacheIndexAndFilterBlocksWithHighPriority(true);
        table.setPinTopLevelIndexAndFilter(true);
        table.setBlockSize(BLOCK_SIZE);
        options.setMaxWriteBufferNumber(MEMTABLES_PER_STORE);
        options.setWriteBufferSize(MEMTABLE_BYTES);
        options.setTableFormatConfig(table);
    }

    @Override
    public void close(String storeName, Options options) {
        // Shared by every store of the process: closing it here would pull it from under the others.
    }

    /** The budget the shared cache was made with; 0 before the first store opened. */
    public static synchronized long budget() {
        return budget;
    }

    static long totalBytes(Map<String, Object> configs) {
        Object value = configs.get(TOTAL_BYTES_CONFIG);
        if (value == null || value.toString().isBlank()) {
            return DEFAULT_TOTAL_BYTES;
        }
        long bytes;
        try {
            bytes = Long.parseLong(value.toString().strip());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(TOTAL_BYTES_CONFIG + " is '" + value + "': a number of bytes", e);
        }
        if (bytes < 16L * 1024 * 1024) {
            throw new IllegalArgumentException(TOTAL_BYTES_CONFIG + " is " + bytes + ": at least 16 MiB (16777216)");
        }
        return bytes;
    }
}
