-- patients.profiles no longer carries display names (issue 10: the detector never uses them, so they were PHI
-- copied into Kafka, its replicas and the detector's changelog for nothing).
-- (Numbered 20, not 8: other branches of issue 10 add migrations at the same time; a gap is harmless to Flyway.)

-- 1. Rows still waiting in the outbox were written by the former code: send them without the name.
UPDATE profile_outbox SET payload = (CAST(payload AS jsonb) - 'displayName')::text WHERE payload IS NOT NULL;

-- 2. The compacted topic keeps each patient's latest record until the next one; for patients who do not change
--    again that record would hold the name for good. Publish every current profile once more, as the code now
--    writes it (PatientProfile JSON, camelCase, ISO-8601 instant), so compaction replaces the named records. The
--    detector takes an unchanged profile as a no-op (same thresholds, same monitoring). Discharged patients' last
--    record is a tombstone already. Queued after anything pending, so per patient the order stays right.
INSERT INTO profile_outbox (patient_id, payload, created_at)
SELECT patient_id,
       json_build_object(
           'patientId', patient_id,
           'careTeamId', care_team_id,
           'portSite', port_site,
           'monitoring', monitoring,
           'thresholds', thresholds,
           'updatedAt', to_char(updated_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'))::text,
       now()
FROM patient
WHERE discharged_at IS NULL
ORDER BY patient_id;
