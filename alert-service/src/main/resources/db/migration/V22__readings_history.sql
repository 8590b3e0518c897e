-- The patient timeline (issue 11): every reading of vitals.readings, kept for alerts.readings.retention (30 days)
-- so a care team can look at a patient's temperature and heart rate beyond an alert's evidence.
--
-- Partitioned by day on measured_at (declarative range partitioning): retention drops a whole day's partition
-- (instant, no vacuum debt of 30 days of deletes), and a timeline read touches only the days it asks for.
-- Partitions are made by readings.ReadingStore (ahead by the maintenance round, and for any day a batch brings),
-- dropped by the round once older than the retention. Names reading_pYYYYMMDD, bounds UTC midnights.
CREATE TABLE reading (
    patient_id    TEXT             NOT NULL,
    device_id     TEXT             NOT NULL,
    -- Unique per device (ARCHITECTURE.md): the device's own id, else derived from device, type and measuredAt.
    reading_id    TEXT             NOT NULL,
    type          TEXT             NOT NULL,
    -- In the canonical unit of the type (Cel, /min), as on the topic; source_unit is what the device sent.
    value         DOUBLE PRECISION NOT NULL,
    unit          TEXT             NOT NULL,
    source_unit   TEXT,
    measured_at   TIMESTAMPTZ      NOT NULL,
    received_at   TIMESTAMPTZ      NOT NULL,
    site          TEXT,
    activity      TEXT,
    sensor_status TEXT,
    -- A reading's identity is (device, readingId); a unique key of a partitioned table must contain the partition
    -- key, so measured_at is part of it. A redelivered record carries the same measured_at: it is the same key and
    -- is stored once (INSERT ... ON CONFLICT DO NOTHING).
    PRIMARY KEY (device_id, reading_id, measured_at)
) PARTITION BY RANGE (measured_at);

-- The timeline's one access path: a patient's readings of a type over a time range.
CREATE INDEX reading_patient_type_time ON reading (patient_id, type, measured_at);

-- Makes the partition of one UTC day unless it exists. Under a transaction-scoped advisory lock, so replicas (and a
-- batch racing the round) never both try to create it. Answers whether it created it.
CREATE FUNCTION reading_partition_ensure(day DATE) RETURNS BOOLEAN
    LANGUAGE plpgsql SET search_path FROM CURRENT AS $$
DECLARE
    partition_name TEXT := 'reading_p' || to_char(day, 'YYYYMMDD');
BEGIN
    PERFORM pg_advisory_xact_lock(hashtext('alerts.reading partitions'));
    IF to_regclass(partition_name) IS NOT NULL THEN
        RETURN FALSE;
    END IF;
    EXECUTE format('CREATE TABLE %I PARTITION OF reading FOR VALUES FROM (%L) TO (%L)', partition_name,
                   (day::timestamp AT TIME ZONE 'UTC'), ((day + 1)::timestamp AT TIME ZONE 'UTC'));
    RETURN TRUE;
END
$$;

-- Drops every day partition of a day before cutoff (each holds nothing newer than its next midnight). Answers how
-- many it dropped.
CREATE FUNCTION reading_partitions_drop_before(cutoff DATE) RETURNS INTEGER
    LANGUAGE plpgsql SET search_path FROM CURRENT AS $$
DECLARE
    old_partition TEXT;
    dropped INTEGER := 0;
BEGIN
    PERFORM pg_advisory_xact_lock(hashtext('alerts.reading partitions'));
    FOR old_partition IN
        SELECT c.relname FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid
        WHERE i.inhparent = 'reading'::regclass AND c.relname ~ '^reading_p[0-9]{8}$'
          AND to_date(substr(c.relname, 10), 'YYYYMMDD') < cutoff
        ORDER BY c.relname
    LOOP
        EXECUTE format('DROP TABLE %I', old_partition);
        dropped := dropped + 1;
    END LOOP;
    RETURN dropped;
END
$$;
