package org.portwatch.ingest.device;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Function;

/**
 * The device registry's statements, on the reactive PostgreSQL client ({@link RegistryPoolCreator}'s pool). The
 * registry is one table read by token hash thousands of times a minute and written by an administrator now and
 * then: plain SQL serves it, without an ORM's classes in every ingest instance (docs/benchmarks.md, "ingest RSS").
 */
@ApplicationScoped
public class DeviceRepository {

    private static final String COLUMNS = "device_id, patient_id, model, token_hash, created_at, revoked_at";

    private final Pool pool;

    public DeviceRepository(Pool pool) {
        this.pool = pool;
    }

    /** Runs {@code work} in one transaction: it commits when the work's Uni succeeds and rolls back when it fails. */
    public <T> Uni<T> inTransaction(Function<SqlConnection, Uni<T>> work) {
        return pool.withTransaction(work);
    }

    public Uni<Device> findById(String deviceId) {
        return findById(pool, deviceId);
    }

    public Uni<Device> findById(SqlClient client, String deviceId) {
        return client.preparedQuery("SELECT " + COLUMNS + " FROM device WHERE device_id = $1")
                .execute(Tuple.of(deviceId)).map(DeviceRepository::first);
    }

    /** The active device holding the token with this hash, or null. */
    public Uni<Device> findActiveByTokenHash(String tokenHash) {
        return pool.preparedQuery("SELECT " + COLUMNS + " FROM device WHERE token_hash = $1 AND revoked_at IS NULL")
                .execute(Tuple.of(tokenHash)).map(DeviceRepository::first);
    }

    /** At most {@code limit} devices that are not revoked, for the verdicts a fresh instance starts with. */
    public Uni<List<Device>> listActive(int limit) {
        return pool.preparedQuery("SELECT " + COLUMNS + " FROM device WHERE revoked_at IS NULL LIMIT $1")
                .execute(Tuple.of(limit)).map(rows -> {
                    List<Device> devices = new ArrayList<>(rows.size());
                    rows.forEach(row -> devices.add(device(row)));
                    return devices;
                });
    }

    /** Inserts a new device; a taken id or token hash fails with PostgreSQL's unique violation. */
    public Uni<Device> insert(SqlClient client, Device device) {
        return client.preparedQuery("INSERT INTO device (" + COLUMNS + ") VALUES ($1, $2, $3, $4, $5, $6)")
                .execute(Tuple.from(Arrays.asList(device.deviceId(), device.patientId(), device.model(),
                        device.tokenHash(), utc(device.createdAt()), utc(device.revokedAt()))))
                .replaceWith(device);
    }

    /**
     * Marks an active device revoked at {@code at} and returns it, or null when there is no active device with this
     * id (none at all, or revoked before): the first revocation alone changes the row.
     */
    public Uni<Device> revokeActive(SqlClient client, String deviceId, Instant at) {
        return client.preparedQuery("UPDATE device SET revoked_at = $2 WHERE device_id = $1 AND revoked_at IS NULL"
                        + " RETURNING " + COLUMNS)
                .execute(Tuple.of(deviceId, utc(at))).map(DeviceRepository::first);
    }

    private static Device first(RowSet<Row> rows) {
        var iterator = rows.iterator();
        return iterator.hasNext() ? device(iterator.next()) : null;
    }

    private static Device device(Row row) {
        OffsetDateTime revoked = row.getOffsetDateTime("revoked_at");
        return new Device(row.getString("device_id"), row.getString("patient_id"), row.getString("model"),
                row.getString("token_hash").strip(), row.getOffsetDateTime("created_at").toInstant(),
                revoked == null ? null : revoked.toInstant());
    }

    private static OffsetDateTime utc(Instant at) {
        return at == null ? null : at.atOffset(ZoneOffset.UTC);
    }
}
