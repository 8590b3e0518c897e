package org.portwatch.ingest.device;

import org.junit.jupiter.api.Test;
import org.portwatch.service.audit.AuditTableUpgrade;

/**
 * The registry's schema migrates on an empty database and on one of the release whose V2__audit.sql still created the
 * audit table (now service-common's db/audit/R__audit_entry.sql; its beforeValidate__audit_ddl_moved.sql realigns V2).
 */
class RegistryMigrationTest {

    /** V2__audit.sql's checksum as released with the audit table's DDL in it. */
    private static final int FORMER_V2_CHECKSUM = -187214764;

    @Test
    void shouldMigrateAnEmptyDatabaseAndOneWhoseV2CreatedTheAuditTable() throws Exception {
        AuditTableUpgrade.assertMigratesEmptyAndFormerDatabases("2", FORMER_V2_CHECKSUM);
    }
}
