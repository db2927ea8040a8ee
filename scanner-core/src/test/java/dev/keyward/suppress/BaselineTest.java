package dev.keyward.suppress;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.keyward.finding.Finding;
import dev.keyward.finding.Fingerprint;
import dev.keyward.finding.Location;
import dev.keyward.finding.Provenance;
import dev.keyward.finding.Severity;
import dev.keyward.rules.RuleException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class BaselineTest {

    /** Findings make their own fingerprints, so each one here is the fingerprint of a known secret. */
    private static final Map<String, String> SECRET_OF = Map.of(
            Fingerprint.of("r", "one"), "one", Fingerprint.of("r", "two"), "two", Fingerprint.of("r", "three"), "three");
    private static final String F1 = Fingerprint.of("r", "one");
    private static final String F2 = Fingerprint.of("r", "two");
    private static final String F3 = Fingerprint.of("r", "three");

    @Test
    void writesSortedStableJsonWithOneEntryPerLine() {
        Baseline b = Baseline.of(List.of(new Baseline.Entry(F3, "r", "z/b.env"), new Baseline.Entry(F1, "r", null),
                new Baseline.Entry(F2, "q", "./a.env"), new Baseline.Entry(F2, "q", "a.env")));
        assertThat(b.toJson()).isEqualTo("""
                {
                  "keywardBaseline": 1,
                  "entries": [
                    {"path": null, "rule": "r", "fingerprint": "%s"},
                    {"path": "a.env", "rule": "q", "fingerprint": "%s"},
                    {"path": "z/b.env", "rule": "r", "fingerprint": "%s"}
                  ]
                }
                """.formatted(F1, F2, F3));
        assertThat(Baseline.parse(b.toJson(), "b.json").toJson()).isEqualTo(b.toJson());
        assertThat(Baseline.empty().toJson()).isEqualTo("{\n  \"keywardBaseline\": 1,\n  \"entries\": []\n}\n");
    }

    @Test
    void pathsMatchWhereverTheScanStarted() {
        Baseline b = Baseline.of(List.of(new Baseline.Entry(F1, "r", "sub/src/a.env")));
        for (String path : List.of("sub/src/a.env", "./sub/src/a.env", "/abs/repo/sub/src/a.env", "src/a.env",
                "a.env")) {
            assertThat(b.accepts(finding(F1, path))).as(path).isTrue();
        }
        for (String path : List.of("sub/src/b.env", "other/a.env", "xsub/src/a.env", "/abs/repo/sub/src/a.env.bak")) {
            assertThat(b.accepts(finding(F1, path))).as(path).isFalse();
        }
        assertThat(b.accepts(finding(F2, "sub/src/a.env"))).isFalse();
        assertThat(Baseline.of(List.of(new Baseline.Entry(F1, "r", null))).accepts(finding(F1, "x/y.z"))).isTrue();
    }

    private static Finding finding(String fingerprint, String path) {
        Finding f = new Finding("r", "r", Severity.HIGH, new Location(path, 1, 1, 0), new Provenance.File(path),
                SECRET_OF.get(fingerprint), null, null);
        assertThat(f.fingerprint()).isEqualTo(fingerprint);
        return f;
    }

    @Test
    void badFilesAreErrorsNamingFileAndEntry() {
        assertError("[]", null);
        assertError("{\"keywardBaseline\": 2, \"entries\": []}", "keywardBaseline");
        assertError("{\"keywardBaseline\": 1}", "entries");
        assertError("{\"keywardBaseline\": 1, \"entries\": [{\"fingerprint\": \"abc\"}]}", "entries[1].fingerprint");
        assertError("{\"keywardBaseline\": 1, \"entries\": [{\"fingerprint\": \"" + F1 + "\", \"line\": 3}]}",
                "entries[1].line");
        assertError("{\"keywardBaseline\": 1, \"entries\": [{\"fingerprint\": \"" + F1 + "\", \"path\": 3}]}",
                "entries[1].path");
        assertError("{", null);
    }

    private static void assertError(String json, String field) {
        assertThatThrownBy(() -> Baseline.parse(json, "b.json")).isInstanceOfSatisfying(RuleException.class, e -> {
            assertThat(e.getMessage()).startsWith("b.json");
            assertThat(e.field()).isEqualTo(field);
        });
    }
}
