package dev.keyward.reliability;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.fields;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.JavaModifier;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The library never prints, never exits, never dumps a stack trace on its own, and keeps no mutable statics. */
class LibraryHygieneTest {

    static JavaClasses core;

    @BeforeAll
    static void importCore() {
        core = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("dev.keyward");
    }

    @Test
    void theLibraryNeverWritesToStdoutOrStderr() {
        noClasses().should().accessField(System.class, "out")
                .orShould().accessField(System.class, "err")
                .orShould().callMethod(Throwable.class, "printStackTrace")
                .orShould().callMethod(System.class, "console")
                .because("scanner-core is embedded in other programs; only the CLI prints")
                .check(core);
    }

    @Test
    void theLibraryNeverExits() {
        noClasses().should().callMethod(System.class, "exit", int.class)
                .orShould().callMethod(Runtime.class, "exit", int.class)
                .orShould().callMethod(Runtime.class, "halt", int.class)
                .because("an embedding program decides when to stop")
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
