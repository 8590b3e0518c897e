package org.portwatch.alert.support;

import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/**
 * alert-service's feature packages depend one way: a package never imports one that (directly or through others)
 * imports it. Escalation reaches alerts and channels through interfaces it owns or implements, the feed knows no
 * alert type, so each package can be read, changed and tested from the bottom up. A plain test (not ArchUnit's own
 * engine), so that surefire's {@code -Dtest} selects it like any other.
 */
class PackageGraphTest {

    @Test
    void shouldHaveNoCyclesBetweenPackages() {
        JavaClasses service = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("org.portwatch.alert");
        slices().matching("org.portwatch.alert.(*)..").should().beFreeOfCycles().check(service);
    }
}
