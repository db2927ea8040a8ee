package dev.keyward;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.methods;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.JavaMethod;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Keeps the library quiet and its flow one-way: sources feed detection, detection makes findings, reports read
 * findings, and rules are data that detection reads (never the reverse).
 */
class ArchitectureTest {

    private static JavaClasses core;

    @BeforeAll
    static void importCore() {
        core = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("dev.keyward");
    }

    @Test
    void theCoreNeverPrintsNorExits() {
        ArchRule rule = noClasses().should().accessField(System.class, "out")
                .orShould().accessField(System.class, "err")
                .orShould().callMethod(System.class, "exit", int.class)
                .orShould().callMethod(Runtime.class, "exit", int.class)
                .orShould().callMethod(Runtime.class, "halt", int.class)
                .because("scanner-core is a library: only the command line prints and exits");
        rule.check(core);
    }

    @Test
    void findingsDependOnNoOtherPartOfTheCore() {
        noClasses().that().resideInAPackage("dev.keyward.finding..")
                .should().dependOnClassesThat().resideInAnyPackage("dev.keyward.internal..", "dev.keyward.report..",
                        "dev.keyward.rules..", "dev.keyward.suppress..")
                .orShould().dependOnClassesThat().resideInAPackage("dev.keyward")
                .check(core);
    }

    @Test
    void detectionDoesNotReachBackIntoSourcesReportsOrTheApi() {
        noClasses().that().resideInAPackage("dev.keyward.internal.detect..")
                .should().dependOnClassesThat().resideInAnyPackage("dev.keyward.internal.source..",
                        "dev.keyward.report..")
                .orShould().dependOnClassesThat().resideInAPackage("dev.keyward")
                .check(core);
    }

    /** Reports read findings (and rule descriptions, which SARIF carries as each rule's help): nothing else. */
    @Test
    void reportsDependOnlyOnFindings() {
        noClasses().that().resideInAPackage("dev.keyward.report..")
                .should().dependOnClassesThat().resideInAnyPackage("dev.keyward.internal..", "dev.keyward.suppress..")
                .orShould().dependOnClassesThat().resideInAPackage("dev.keyward")
                .check(core);
    }

    @Test
    void rulesDoNotDependOnDetectionSourcesOrReports() {
        noClasses().that().resideInAPackage("dev.keyward.rules..")
                .should().dependOnClassesThat().resideInAnyPackage("dev.keyward.internal..", "dev.keyward.report..")
                .orShould().dependOnClassesThat().resideInAPackage("dev.keyward")
                .check(core);
    }

    /** Sources yield blobs and know findings' provenance; they know nothing of detection, rules or reports. */
    @Test
    void sourcesDependOnlyOnFindings() {
        noClasses().that().resideInAPackage("dev.keyward.source..")
                .should().dependOnClassesThat().resideInAnyPackage("dev.keyward.internal..", "dev.keyward.report..",
                        "dev.keyward.rules..", "dev.keyward.suppress..")
                .orShould().dependOnClassesThat().resideInAPackage("dev.keyward")
                .check(core);
    }

    /** The source implementations (files, index, history) are package-private: only the API types are public. */
    @Test
    void onlyTheSourceApiIsPublic() {
        var rule = classes().that().resideInAPackage("dev.keyward.source").and().areTopLevelClasses();
        for (String api : List.of("Blob", "BlobSink", "Content", "FileOptions", "History", "HistoryBlob",
                "HistoryInventory", "HistoryOptions", "ScanException", "Source", "Sources", "StagedOptions")) {
            rule = rule.and().doNotHaveSimpleName(api);
        }
        rule.should().notBePublic().check(core);
    }

    /** The API packages form no cycle (source, detect, finding, report, rules, suppress, internal). */
    @Test
    void thePackagesFormNoCycle() {
        slices().matching("dev.keyward.(*)..").should().beFreeOfCycles().check(core);
    }

    /** Config and baselines are API over rules; they never reach into the internals that apply them. */
    @Test
    void suppressionApiDoesNotReachIntoInternalsAndRulesDoNotNeedIt() {
        noClasses().that().resideInAPackage("dev.keyward.suppress..")
                .should().dependOnClassesThat().resideInAnyPackage("dev.keyward.internal..", "dev.keyward.report..")
                .orShould().dependOnClassesThat().resideInAPackage("dev.keyward")
                .check(core);
        noClasses().that().resideInAPackage("dev.keyward.rules..")
                .should().dependOnClassesThat().resideInAPackage("dev.keyward.suppress..")
                .check(core);
    }

    /** Jackson is how rule files are read, not part of what the API hands out or takes. */
    @Test
    void noJacksonTypeInAPublicSignatureOfRulesSuppressOrFindings() {
        methods().that().arePublic().and().areDeclaredInClassesThat().arePublic()
                .and().areDeclaredInClassesThat().resideInAnyPackage("dev.keyward.rules..", "dev.keyward.suppress..",
                        "dev.keyward.finding..")
                .should(new ArchCondition<JavaMethod>("name no Jackson type") {
                    @Override
                    public void check(JavaMethod m, ConditionEvents events) {
                        List<JavaClass> types = new ArrayList<>(m.getRawParameterTypes());
                        types.add(m.getRawReturnType());
                        for (JavaClass t : types) {
                            if (t.getPackageName().startsWith("com.fasterxml")) {
                                events.add(SimpleConditionEvent.violated(m, m.getFullName() + " names " + t.getName()));
                            }
                        }
                    }
                })
                .check(core);
    }
}
