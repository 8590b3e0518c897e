package org.portwatch.alert.readings;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import org.portwatch.model.VitalReading;

/**
 * The bulk tail of {@code vitals.readings} into the day-partitioned table {@code reading}: an engine on the raw
 * reactive pool (package doc). One statement per batch ({@code INSERT ... SELECT FROM unnest(...) ON CONFLICT DO
 * NOTHING}), so a redelivered reading is stored once and a batch costs one round trip however large it is.
 */
@ApplicationScoped
public class ReadingStore {

    static final String INSERT = "INSERT INTO reading (patient_id, device_id, reading_id, type, value, unit, source_unit,"
            + " measured_at, received_at, site, activity, sensor_status)"
            + " SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::float8[], $6::text[],"
            + " $7::text[], $8::timestamptz[], $9::timestamptz[], $10::text[], $11::text[], $12::text[])"
            + " ON CONFLICT DO NOTHING";
    static final String ENSURE = "SELECT CAST(count(*) FILTER (WHERE reading_partition_ensure(d)) AS integer) AS created"
            + " FROM unnest($1::date[]) AS d";
    static final String DROP_BEFORE = "SELECT reading_partitions_drop_before($1::date) AS dropped";
    static final String COUNT = "SELECT count(*) AS partitions FROM pg_inherits WHERE inhparent = 'reading'::regclass";

    private final Pool pool;
    /** Days whose partition this replica made or saw made: a batch of known days issues no DDL at all. */
    private final Set<LocalDate> known = ConcurrentHashMap.newKeySet();

    public ReadingStore(Pool pool) {
        this.pool = pool;
    }

    /** Stores {@code readings} (their partitions made first when new); answers how many were new. */
    public Uni<Integer> store(List<VitalReading> readings) {
        if (readings.isEmpty()) {
            return Uni.createFrom().item(0);
        }
        Set<LocalDate> days = new TreeSet<>();
        readings.forEach(reading -> days.add(day(reading.measuredAt())));
        days.removeAll(known);
        Uni<Integer> partitions = days.isEmpty() ? Uni.createFrom().item(0) : ensure(days);
        return partitions.flatMap(created -> pool.preparedQuery(INSERT).execute(columns(readings)))
                .map(result -> result.rowCount());
    }

    /** Makes the partitions of {@code days} that do not exist yet; answers how many it made. */
    public Uni<Integer> ensure(Set<LocalDate> days) {
        return pool.preparedQuery(ENSURE).execute(Tuple.tuple().addValue(days.toArray(LocalDate[]::new)))
                .map(rows -> rows.iterator().next().getInteger("created"))
                .invoke(created -> known.addAll(days));
    }

    /** Drops the partitions of days before {@code cutoff}; answers how many. */
    public Uni<Integer> dropBefore(LocalDate cutoff) {
        return pool.preparedQuery(DROP_BEFORE).execute(Tuple.tuple().addValue(cutoff))
                .map(rows -> rows.iterator().next().getInteger("dropped"))
                .invoke(dropped -> known.removeIf(day -> day.isBefore(cutoff)));
    }

    /** How many day partitions exist. */
    public Uni<Long> partitions() {
        return pool.query(COUNT).execute().map(rows -> rows.iterator().next().getLong("partitions"));
    }

    /** The UTC day of {@code instant}: the partition it belongs to. */
    static LocalDate day(Instant instant) {
        return LocalDate.ofInstant(instant, ZoneOffset.UTC);
    }

    private static Tuple columns(List<VitalReading> readings) {
        int n = readings.size();
        String[] patients = new String[n];
        String[] devices = new String[n];
        String[] ids = new String[n];
        String[] types = new String[n];
        Double[] values = new Double[n];
        String[] units = new String[n];
        String[] sourceUnits = new String[n];
        OffsetDateTime[] measured = new OffsetDateTime[n];
        OffsetDateTime[] received = new OffsetDateTime[n];
        String[] sites = new String[n];
        String[] activities = new String[n];
        String[] statuses = new String[n];
        for (int i = 0; i < n; i++) {
            VitalReading r = readings.get(i);
            patients[i] = r.patientId();
            devices[i] = r.deviceId();
            ids[i] = r.readingId();
            types[i] = r.type().name();
            values[i] = r.value();
            units[i] = r.unit();
            sourceUnits[i] = r.sourceUnit();
            measured[i] = r.measuredAt().atOffset(ZoneOffset.UTC);
            received[i] = r.receivedAt().atOffset(ZoneOffset.UTC);
            sites[i] = r.site() == null ? null : r.site().name();
            activities[i] = r.activity() == null ? null : r.activity().name();
            statuses[i] = r.sensorStatus() == null ? null : r.sensorStatus().name();
        }
        return Tuple.from(new ArrayList<>(Arrays.asList(patients, devices, ids, types, values, units, sourceUnits,
                measured, received, sites, activities, statuses)));
    }
}
