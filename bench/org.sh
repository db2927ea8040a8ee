#!/usr/bin/env bash
# keyward history over many generated repositories, whole process, with the launcher's JVM flags. Two modes:
#
#   --scale  (bench/org-scale.sh; N=2000): a first --state run, then a second one when nothing changed, once over
#            local folders and once over file:// clone URLs (mirrored into a cache folder)
#   --loop   (the default; N=200): one --repos run, a --state run, a second one when nothing changed, and a loop of
#            single `keyward history` runs, one JVM each
#
#   bench/org.sh [--scale|--loop] [--repos N] [--dir DIR] [--heap SIZE] [--jar JAR]
#   bench/org.sh --scale --repos 200 --heap 200m
#   bench/org-scale.sh --jar /tmp/old.jar          # another build, for a before/after
#
# Defaults also come from KEYWARD_ORG_REPOS, KEYWARD_ORG_BENCH_DIR (/tmp/keyward-bench-scale for --scale,
# /tmp/keyward-bench-org for --loop), KEYWARD_ORG_HEAP (300m, the launcher's) and KEYWARD_JAR. Prints wall time,
# CPU (user+sys) and peak RSS of each run, and the load average before and after.
#
# The repositories go under DIR/repos (made again when N changes): each one is a bare repository written by one
# `git fast-import` (no git init, no work tree), with five commits, a vendored file shared by every repository
# (one blob), its own files, and in one of ten a generated key. Needs the built jar (the ./keyward launcher
# builds it) and /usr/bin/time (Debian package time).
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
mode=loop
n="${KEYWARD_ORG_REPOS:-}"
work="${KEYWARD_ORG_BENCH_DIR:-}"
heap="${KEYWARD_ORG_HEAP:-300m}"
jar="${KEYWARD_JAR:-$here/scanner-cli/target/keyward.jar}"
while [ $# -gt 0 ]; do
  case "$1" in
    --scale) mode=scale ;;
    --loop) mode=loop ;;
    --repos) n="$2"; shift ;;
    --dir) work="$2"; shift ;;
    --heap) heap="$2"; shift ;;
    --jar) jar="$2"; shift ;;
    *) echo "usage: $0 [--scale|--loop] [--repos N] [--dir DIR] [--heap SIZE] [--jar JAR]" >&2; exit 2 ;;
  esac
  shift
done
if [ "$mode" = scale ]; then n="${n:-2000}"; work="${work:-/tmp/keyward-bench-scale}"
else n="${n:-200}"; work="${work:-/tmp/keyward-bench-org}"; fi
[[ "$n" =~ ^[0-9]+$ ]] || { echo "--repos wants a number, got '$n'" >&2; exit 2; }
[ -x /usr/bin/time ] || { echo "needs /usr/bin/time (apt-get install time)" >&2; exit 2; }
[ -f "$jar" ] || "$here/keyward" --version >/dev/null

if [ "$(cat "$work/.n" 2>/dev/null || true)" != "$n bare" ]; then
  echo "generating $n repositories in $work ..." >&2
  rm -rf "$work"; mkdir -p "$work/repos"
  python3 - "$work/repos" "$n" <<'PY'
import os, random, subprocess, sys
root, n = sys.argv[1], int(sys.argv[2])
rnd = random.Random(7)
B32 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567'
vendored = ''.join('line %d of a vendored library\n' % i for i in range(2000))
env = dict(os.environ, GIT_CONFIG_NOSYSTEM='1', HOME=root)
for i in range(n):
    d = os.path.join(root, 'r%05d.git' % i)
    # The smallest bare repository git accepts; fast-import fills objects/ and refs/.
    for sub in ('objects/pack', 'objects/info', 'refs/heads', 'refs/tags'):
        os.makedirs(os.path.join(d, sub))
    with open(os.path.join(d, 'HEAD'), 'w') as f:
        f.write('ref: refs/heads/main\n')
    with open(os.path.join(d, 'config'), 'w') as f:
        f.write('[core]\n\trepositoryformatversion = 0\n\tbare = true\n')
    fi = ['blob\nmark :1\ndata %d\n%s\n' % (len(vendored), vendored)]
    for c in range(5):
        own = ''.join('%d-%d-%d %f\n' % (i, c, k, rnd.random()) for k in range(50))
        if c == 4 and i % 10 == 0:
            own += 'aws_access_key_id = AKIA' + ''.join(rnd.choice(B32) for _ in range(16)) + '\n'
        fi.append('blob\nmark :%d\ndata %d\n%s\n' % (c + 2, len(own), own))
        fi.append('commit refs/heads/main\ncommitter Ada <ada@example.com> %d +0000\ndata 2\nc\n'
                  'M 100644 :1 vendor/lib.txt\nM 100644 :%d src/file%d.txt\n\n'
                  % (1704067200 + 86400 * c, c + 2, c))
    subprocess.run(['git', '--git-dir', d, 'fast-import', '--quiet'], input=''.join(fi).encode(), check=True,
                   env=env)
PY
  ls -d "$work"/repos/* > "$work/repos.txt"
  sed 's|^|file://|' "$work/repos.txt" > "$work/urls.txt"
  echo "$n bare" > "$work/.n"
fi

# The launcher's flags (./keyward): its heap is what the 400 MiB limit is about.
flags=(-XX:+UseSerialGC -XX:TieredStopAtLevel=1 -XX:-UsePerfData -Xss8m "-Xmx$heap")
measure() { # label, command...: prints "label  wall  cpu  peak-RSS"
  local label="$1"; shift
  local out; out="$(mktemp)"
  /usr/bin/time -f '%e %U %S %M' -o "$out" "$@" >"$work/last.json" 2>"$work/last.err" || true
  read -r secs user sys kb < <(tail -n 1 "$out"); rm -f "$out" # GNU time first says when the exit code is not 0
  printf '%-36s %7.1f s wall %7.1f s CPU %6d MiB peak RSS\n' "$label" "$secs" "$(echo "$user + $sys" | bc)" \
    "$((kb / 1024))"
}
kw=(java "${flags[@]}" -jar "$jar" history --no-progress --format json)

echo "load average: $(cut -d' ' -f1-3 /proc/loadavg), $(nproc) cores, N=$n, $mode, -Xmx$heap, $(basename "$jar")"
if [ "$mode" = scale ]; then
  rm -rf "$work/state-local.db"* "$work/state-url.db"* "$work/mirrors"
  measure "local folders, first --state run" "${kw[@]}" --repos "$work/repos.txt" --state "$work/state-local.db"
  measure "local folders, nothing changed" "${kw[@]}" --repos "$work/repos.txt" --state "$work/state-local.db"
  measure "file:// URLs, first run (clones)" "${kw[@]}" --repos "$work/urls.txt" --state "$work/state-url.db" \
    --mirror-dir "$work/mirrors"
  measure "file:// URLs, nothing changed" "${kw[@]}" --repos "$work/urls.txt" --state "$work/state-url.db" \
    --mirror-dir "$work/mirrors"
  grep -A7 '"run"' "$work/last.json" | tr -s ' \n' ' '; echo
else
  rm -f "$work/state.db"*
  measure "one run --repos" "${kw[@]}" --repos "$work/repos.txt"
  measure "one run --repos --state" "${kw[@]}" --repos "$work/repos.txt" --state "$work/state.db"
  measure "again, nothing changed" "${kw[@]}" --repos "$work/repos.txt" --state "$work/state.db"
  # One JVM per repository: $0 is the list, "$@" the command.
  measure "loop of single runs" bash -c 'while read -r r; do "$@" "$r" >/dev/null 2>&1 || true; done < "$0"' \
    "$work/repos.txt" "${kw[@]}"
fi
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
