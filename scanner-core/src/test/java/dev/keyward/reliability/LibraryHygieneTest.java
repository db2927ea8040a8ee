package dev.keyward.reliability;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.fields;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.JavaModifier;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Adds to {@code dev.keyward.ArchitectureTest} (no System.out, System.err or exit in the core): no stack-trace
 * dumps or console use, and no mutable static fields.
 */
class LibraryHygieneTest {

    static JavaClasses core;

    @BeforeAll
    static void importCore() {
        core = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("dev.keyward");
    }

    /** Beyond ArchitectureTest's System.out/err/exit rule: the quieter ways to print. */
    @Test
    void theLibraryNeverDumpsStackTracesOrTalksToTheConsole() {
        noClasses().should().callMethod(Throwable.class, "printStackTrace")
                .orShould().callMethod(System.class, "console")
                .orShould().callMethod(Thread.class, "dumpStack")
                .because("scanner-core is embedded in other programs; only the CLI prints")
                .check(core);
    }

    @Test
    void staticFieldsAreFinal() {
        fields().that().areStatic().and().areDeclaredInClassesThat().resideInAPackage("dev.keyward..")
                .and().doNotHaveModifier(JavaModifier.SYNTHETIC)
                .and().doNotHaveModifier(JavaModifier.VOLATILE) // lazily built immutable values, such as the rules
                .should().beFinal()
                .because("global mutable state would leak between Scanners and threads")
                .allowEmptyShould(true)
                .check(core);
    }
}
