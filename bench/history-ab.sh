#!/usr/bin/env bash
# Before/after for one history change, whole processes: runs `keyward history` of REPO from two keyward
# snapshots in alternation (A, B, A, B, ...), ROUNDS times each after one warm-up run of each, each under
# /usr/bin/time, and prints the median wall time, median user+sys CPU time and the largest peak RSS of each, and
# the ratios B/A. CPU time is the figure to trust while other builds share the machine.
#
#   bench/history-ab.sh BEFORE AFTER REPO [keyward history options...]
#
# BEFORE and AFTER are folders holding a launcher and its jar (keyward, scanner-cli/target/keyward.jar): copy
# them from a build before changing the code (`./keyward --version` builds the jar).
set -euo pipefail
a="$1" b="$2" repo="$3"
shift 3
rounds="${ROUNDS:-5}"
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
for side in a b; do
  dir="$a" && [ "$side" = b ] && dir="$b"
  "$dir/keyward" --version >/dev/null # makes the snapshot's class-data archive outside the timings
done
for ((k = 0; k <= rounds; k++)); do # round 0 warms the page cache and is dropped
  for side in a b; do
    dir="$a" && [ "$side" = b ] && dir="$b"
    f="$tmp/$side.$k" && [ "$k" -eq 0 ] && f=/dev/null
    /usr/bin/time -f '%e %U %S %M' -o "$f" "$dir/keyward" history --no-progress --format json \
      -o "$tmp/$side.json" "$@" "$repo" >/dev/null 2>&1 || true
  done
done
python3 - "$tmp" "$rounds" "$a" "$b" <<'PY'
import statistics, sys
d, rounds, names = sys.argv[1], int(sys.argv[2]), sys.argv[3:5]
m = {}
for side in "ab":
    rows = [open(f"{d}/{side}.{k}").read().split()[-4:] for k in range(1, rounds + 1)]
    wall = [float(r[0]) for r in rows]
    cpu = [float(r[1]) + float(r[2]) for r in rows]
    m[side] = (statistics.median(wall), statistics.median(cpu), max(int(r[3]) for r in rows) / 1024,
               min(wall), max(wall), min(cpu), max(cpu))
print(f"| keyward history ({rounds} alternated rounds) | median wall s (min-max) | median user+sys s (min-max) | peak RSS MiB |")
print("| --- | ---: | ---: | ---: |")
for side, name in zip("ab", ("before " + names[0], "after " + names[1])):
    w, c, r, w0, w1, c0, c1 = m[side]
    print(f"| {name} | {w:.2f} ({w0:.2f}-{w1:.2f}) | {c:.2f} ({c0:.2f}-{c1:.2f}) | {r:.0f} |")
print(f"| after/before | {m['b'][0] / m['a'][0]:.2f}x | {m['b'][1] / m['a'][1]:.2f}x | |")
PY
