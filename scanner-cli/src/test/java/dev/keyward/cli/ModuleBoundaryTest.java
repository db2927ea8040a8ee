package dev.keyward.cli;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/**
 * Only scanner-core reaches its {@code internal} packages: the command line, the hook and every other module on
 * this class path use the core's API (what its module-info exports), never its internals.
 */
class ModuleBoundaryTest {

    @Test
    void noModuleButTheCoreUsesTheCoresInternals() {
        JavaClasses all = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("dev.keyward");
        noClasses().that().resideOutsideOfPackages("dev.keyward", "dev.keyward.finding..", "dev.keyward.report..",
                        "dev.keyward.rules..", "dev.keyward.source..", "dev.keyward.suppress..",
                        "dev.keyward.internal..")
                .should().dependOnClassesThat().resideInAPackage("dev.keyward.internal..")
                .because("scanner-core exports only its API packages")
                .check(all);
    }
}
