#!/usr/bin/env bash
# One `keyward history --repos` run over N small generated repositories versus a loop of single runs: wall time
# and peak RSS of each (GNU time), the load average when it ran, and a second --state run when nothing changed.
#
#   bench/org.sh            # N=200
#   KEYWARD_ORG_REPOS=2000 bench/org.sh
#
# Repositories go under ${KEYWARD_ORG_BENCH_DIR:-/tmp/keyward-bench-org} (rebuilt when N changes). Each has a few
# commits, a shared vendored file (the same blob in every repository) and, in one of ten, a generated key.
# Needs the built jar (scanner-cli/target/keyward.jar; the ./keyward launcher builds it) and /usr/bin/time
# (Debian package time).
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
n="${KEYWARD_ORG_REPOS:-200}"
work="${KEYWARD_ORG_BENCH_DIR:-/tmp/keyward-bench-org}"
jar="$here/scanner-cli/target/keyward.jar"
[ -x /usr/bin/time ] || { echo "needs /usr/bin/time (apt-get install time)" >&2; exit 2; }
[ -f "$jar" ] || "$here/keyward" --version >/dev/null

if [ "$(cat "$work/.n" 2>/dev/null || true)" != "$n" ]; then
  echo "generating $n repositories in $work ..." >&2
  rm -rf "$work"; mkdir -p "$work/repos"
  python3 - "$work/repos" "$n" <<'PY'
import os, random, subprocess, sys
root, n = sys.argv[1], int(sys.argv[2])
rnd = random.Random(7)
B32 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567'
vendored = ''.join('line %d of a vendored library\n' % i for i in range(2000))
for i in range(n):
    d = os.path.join(root, 'r%05d' % i)
    os.makedirs(d)
    env = dict(os.environ, GIT_AUTHOR_NAME='Ada', GIT_AUTHOR_EMAIL='ada@example.com',
               GIT_COMMITTER_NAME='Ada', GIT_COMMITTER_EMAIL='ada@example.com')
    fi = ['blob\nmark :1\ndata %d\n%s\n' % (len(vendored), vendored)]
    for c in range(5):
        own = ''.join('%d-%d-%d %f\n' % (i, c, k, rnd.random()) for k in range(50))
        if c == 4 and i % 10 == 0:
            own += 'aws_access_key_id = AKIA' + ''.join(rnd.choice(B32) for _ in range(16)) + '\n'
        fi.append('blob\nmark :%d\ndata %d\n%s\n' % (c + 2, len(own), own))
        fi.append('commit refs/heads/main\ncommitter Ada <ada@example.com> %d +0000\ndata 2\nc\n'
                  'M 100644 :1 vendor/lib.txt\nM 100644 :%d src/file%d.txt\n\n'
                  % (1704067200 + 86400 * c, c + 2, c))
    subprocess.run(['git', 'init', '-q', '-b', 'main', d], check=True)
    subprocess.run(['git', '-C', d, 'fast-import', '--quiet'], input=''.join(fi).encode(), check=True, env=env)
PY
  ls -d "$work"/repos/* > "$work/repos.txt"
  echo "$n" > "$work/.n"
fi

measure() { # label, command...: prints "label  seconds  peak-RSS-MiB"
  local label="$1"; shift
  local out; out="$(mktemp)"
  /usr/bin/time -f '%e %M' -o "$out" "$@" >/dev/null 2>&1 || true
  read -r secs kb < <(tail -n 1 "$out"); rm -f "$out" # GNU time first says when the exit code is not 0
  printf '%-32s %8.1f s %8.0f MiB\n' "$label" "$secs" "$((kb / 1024))"
}

echo "load average: $(cut -d' ' -f1-3 /proc/loadavg), $(nproc) cores, N=$n"
rm -f "$work/state.db" "$work/state.db.lock"
measure "one run --repos" java -jar "$jar" history --repos "$work/repos.txt" --no-progress --format json
measure "one run --repos --state" java -jar "$jar" history --repos "$work/repos.txt" --state "$work/state.db" \
  --no-progress --format json
measure "again, nothing changed" java -jar "$jar" history --repos "$work/repos.txt" --state "$work/state.db" \
  --no-progress --format json
loop() { while read -r r; do java -jar "$jar" history "$r" --no-progress --format json >/dev/null 2>&1 || true; done < "$work/repos.txt"; }
export -f loop; export jar work
measure "loop of single runs" bash -c loop
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
