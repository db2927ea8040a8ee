#!/usr/bin/env bash
# Before/after for one engine change: runs the keyward JMH benchmark from two benchmarks jars in alternation
# (A, B, A, B, ...), ROUNDS times each, and prints the median MB/s of each per corpus and the ratio B/A.
# Usage: bench/ab.sh before.jar after.jar [CORPUS...]   (build a jar: mvn -q -Dmaven.test.skip package -pl bench -am,
#        then copy bench/target/benchmarks.jar away before changing the code)
set -euo pipefail
a="$1" b="$2"
shift 2
corpora=("$@")
[ ${#corpora[@]} -eq 0 ] && corpora=(CLEAN SOURCE)
rounds="${ROUNDS:-3}"
tmp="$(mktemp -d)"
for c in "${corpora[@]}"; do
  for ((k = 1; k <= rounds; k++)); do
    for side in a b; do
      jar="$a" && [ "$side" = b ] && jar="$b"
      java -jar "$jar" 'DetectBenchmark.keyward$' -p corpus="$c" -wi 2 -w 1 -i 3 -r 1 -f 1 -rf json \
        -rff "$tmp/$c.$side.$k.json" >/dev/null
    done
  done
done
python3 - "$tmp" "$rounds" "${corpora[@]}" <<'PY'
import json, statistics, sys
d, rounds, corpora = sys.argv[1], int(sys.argv[2]), sys.argv[3:]
print("| corpus | before MB/s | after MB/s | after/before |")
print("| --- | ---: | ---: | ---: |")
for c in corpora:
    m = {}
    for side in "ab":
        m[side] = statistics.median(json.load(open(f"{d}/{c}.{side}.{k}.json"))[0]["primaryMetric"]["score"]
                                    for k in range(1, rounds + 1))
    print(f"| {c} | {m['a']:.1f} | {m['b']:.1f} | {m['b'] / m['a']:.2f}x |")
PY
