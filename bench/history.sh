#!/usr/bin/env bash
# Times `keyward history` against `git cat-file --batch-all-objects --batch` (reading every object once: the floor
# for any tool that reads every blob) and prints the ratio.
#
#   bench/history.sh [REPO]
#
# Without REPO it builds (once) a repository of 10,000 commits over the JDK's java.base sources (src.zip of the
# installed JDK, Debian package openjdk-17-source), with a few generated keys planted in it, under
# ${KEYWARD_HISTORY_BENCH_DIR:-/tmp/keyward-bench-history}. The floor is also timed with --unordered (pack order,
# which is how keyward reads blobs), the fairer floor when deltas are deep. Uses hyperfine (Debian package) when present, else a plain loop.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
work="${KEYWARD_HISTORY_BENCH_DIR:-/tmp/keyward-bench-history}"
commits="${KEYWARD_BENCH_COMMITS:-10000}"
runs="${KEYWARD_BENCH_RUNS:-5}"

build_repo() {
  local repo="$1" zip
  zip="$(ls /usr/lib/jvm/*/lib/src.zip 2>/dev/null | head -1 || true)"
  [ -n "$zip" ] || { echo "no JDK src.zip found (apt-get install openjdk-17-source)" >&2; exit 2; }
  echo "building a $commits-commit repository from $zip in $repo ..." >&2
  rm -rf "$repo" "$work/src"
  mkdir -p "$work/src" "$repo"
  (cd "$work/src" && unzip -q "$zip" 'java.base/java/*')
  git -C "$repo" init -q -b main
  python3 - "$work/src" "$commits" <<'PY' | git -C "$repo" fast-import --quiet
import os, random, sys
root, n = sys.argv[1], int(sys.argv[2])
rnd = random.Random(1)
files = []
for d, _, names in os.walk(root):
    for name in sorted(names):
        p = os.path.join(d, name)
        files.append((os.path.relpath(p, root), open(p, 'rb').read()))
files.sort()
B32 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567'
def key():
    return 'AKIA' + rnd.choice('ABCDEFGHKLMNOPQRSTUVWXYZ234567') + ''.join(rnd.choice(B32) for _ in range(15))
out = sys.stdout.buffer
def blob(data):
    out.write(b'data %d\n' % len(data)); out.write(data); out.write(b'\n')
per = max(1, len(files) // n + 1)
t = 1600000000
for i in range(n):
    out.write(b'commit refs/heads/main\n')
    out.write(b'committer Bench <bench@example.com> %d +0000\n' % (t + i * 600))
    msg = b'commit %d' % i
    out.write(b'data %d\n%s\n' % (len(msg), msg))
    if i == 0:
        chunk = files[: len(files) // 2]
    else:
        # Later commits add the rest a few files at a time and edit a few existing ones.
        start = len(files) // 2 + (i - 1) * per
        chunk = files[start:start + per] if start < len(files) else []
        for _ in range(3):
            path, data = files[rnd.randrange(len(files) // 2)]
            chunk.append((path, data + b'\n// edit %d\n' % i))
    if i in (n // 5, n // 2, n - 3):
        chunk.append(('config/creds-%d.properties' % i, ('aws_access_key_id=%s\n' % key()).encode()))
    for path, data in chunk:
        out.write(b'M 100644 inline %s\n' % path.encode())
        blob(data)
PY
  git -C "$repo" gc -q
}

repo="${1:-}"
if [ -z "$repo" ]; then
  repo="$work/history-repo"
  [ -d "$repo/.git" ] || build_repo "$repo"
fi
jar="$here/scanner-cli/target/keyward.jar"
"$here/keyward" --version >/dev/null  # builds the jar when needed

echo "repository: $repo ($(git -C "$repo" rev-list --all | wc -l) commits, $(git -C "$repo" count-objects -vH | grep size-pack))" >&2
floor="git -C $repo cat-file --batch-all-objects --batch >/dev/null"
unordered="git -C $repo cat-file --batch-all-objects --batch --unordered >/dev/null"
tool="$here/keyward history --no-progress --format json -o /dev/null $repo"

if command -v hyperfine >/dev/null; then
  hyperfine -N --warmup 1 --runs "$runs" --export-json "$work/history.json" -i \
    --command-name floor "bash -c '$floor'" --command-name unordered "bash -c '$unordered'" \
    --command-name keyward "bash -c '$tool'" >&2
  python3 - "$work/history.json" <<'PY'
import json, sys
r = {x['command']: x for x in json.load(open(sys.argv[1]))['results']}
f, u, k = r['floor']['median'], r['unordered']['median'], r['keyward']['median']
print(f"git cat-file --batch-all-objects --batch              median {f:.2f} s")
print(f"git cat-file --batch-all-objects --batch --unordered  median {u:.2f} s")
print(f"keyward history                                      median {k:.2f} s")
print(f"ratio keyward/floor: {k / f:.2f}x (goal: 1.5x or less); keyward/unordered: {k / u:.2f}x")
PY
else
  t() { local s e; s=$(date +%s.%N); bash -c "$1" || true; e=$(date +%s.%N); echo "$e - $s" | bc; }
  f=$(t "$floor"); k=$(t "$tool")
  echo "floor $f s, keyward $k s, ratio $(echo "scale=2; $k / $f" | bc)x (goal: 1.5x or less)"
fi
