#!/usr/bin/env bash
# Runs the JMH detection benchmarks (one thread, so MB/s per core) and prints MB/s and the ratio to the
# java.util.regex baseline for each corpus. Extra arguments go to JMH (e.g. -wi 2 -i 3 for a quicker run).
# Never run by `mvn verify`; the build only compiles the module and tests its corpora.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(dirname "$here")"
jar="$here/target/benchmarks.jar"
if [ ! -f "$jar" ] || [ -n "$(find "$root/scanner-core/src/main" "$root/rules" "$here/src/main" -newer "$jar" -print -quit)" ]; then
  (cd "$root" && mvn -B -q -DskipTests package -pl bench -am >&2)
fi
out="${JMH_RESULT:-$(mktemp --suffix .json)}"
java -jar "$jar" DetectBenchmark -rf json -rff "$out" "$@" >&2
python3 - "$out" <<'PY'
import json, sys
rows = {}
for r in json.load(open(sys.argv[1])):
    name = r["benchmark"].rsplit(".", 1)[1]
    rows.setdefault(r["params"]["corpus"], {})[name] = r["primaryMetric"]["score"]
print("| corpus | keyward MB/s (1 core) | java.util.regex MB/s | ratio |")
print("| --- | ---: | ---: | ---: |")
for corpus in ("CLEAN", "SOURCE", "DENSE"):
    if corpus in rows:
        k, b = rows[corpus].get("keyward"), rows[corpus].get("regexBaseline")
        ratio = f"{k / b:.1f}x" if k and b else "-"
        print(f"| {corpus} | {k or 0:.1f} | {b or 0:.1f} | {ratio} |")
PY
