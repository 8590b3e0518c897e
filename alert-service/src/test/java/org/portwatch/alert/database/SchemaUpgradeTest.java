package org.portwatch.alert.database;

import org.junit.jupiter.api.Test;
import org.portwatch.service.audit.AuditTableUpgrade;

/**
 * The alerts schema migrates on an empty database and on one of the release whose V3__alerts_of_record.sql still
 * created the audit table (now service-common's db/audit/R__audit_entry.sql; its beforeValidate__audit_ddl_moved.sql
 * realigns V3).
 */
class SchemaUpgradeTest {

    /** V3__alerts_of_record.sql's checksum as released with the audit table's DDL in it. */
    private static final int FORMER_V3_CHECKSUM = -586167279;

    @Test
    void shouldMigrateAnEmptyDatabaseAndOneWhoseV3CreatedTheAuditTable() throws Exception {
        AuditTableUpgrade.assertMigratesEmptyAndFormerDatabases("3", FORMER_V3_CHECKSUM);
    }
}
