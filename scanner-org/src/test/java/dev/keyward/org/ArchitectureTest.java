package dev.keyward.org;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** scanner-org is a library: it prints nothing, exits nothing, and uses only scanner-core's API. */
class ArchitectureTest {

    private static JavaClasses classes;

    @BeforeAll
    static void importModule() {
        classes = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("dev.keyward.org");
    }

    @Test
    void printsAndExitsNothing() {
        noClasses().should().accessField(System.class, "out").orShould().accessField(System.class, "err")
                .orShould().callMethod(System.class, "exit", int.class)
                .orShould().callMethod(Runtime.class, "halt", int.class)
                .check(classes);
    }

    @Test
    void usesNoInternalsOfTheCore() {
        noClasses().should().dependOnClassesThat().resideInAPackage("dev.keyward.internal..").check(classes);
    }

    @Test
    void putsNoJacksonOrJdbcTypeInItsApi() {
        java.util.List<String> bad = new java.util.ArrayList<>();
        for (com.tngtech.archunit.core.domain.JavaClass c : classes) {
            if (!c.getModifiers().contains(com.tngtech.archunit.core.domain.JavaModifier.PUBLIC)) {
                continue;
            }
            for (com.tngtech.archunit.core.domain.JavaCodeUnit u : c.getCodeUnits()) {
                if (!u.getModifiers().contains(com.tngtech.archunit.core.domain.JavaModifier.PUBLIC)) {
                    continue;
                }
                java.util.List<com.tngtech.archunit.core.domain.JavaClass> types = new java.util.ArrayList<>(
                        u.getRawParameterTypes());
                types.add(u.getRawReturnType());
                for (com.tngtech.archunit.core.domain.JavaClass t : types) {
                    String n = t.getName();
                    if (n.startsWith("com.fasterxml.jackson.") || n.startsWith("java.sql.") || n.startsWith("org.sqlite.")
                            || n.startsWith("org.eclipse.jgit.")) {
                        bad.add(u.getFullName() + " uses " + n);
                    }
                }
            }
        }
        org.assertj.core.api.Assertions.assertThat(bad).isEmpty();
        org.assertj.core.api.Assertions.assertThat(classes.contain(GitHubOrg.class)).isTrue();
    }
}
