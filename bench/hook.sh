#!/usr/bin/env bash
# Measures what the pre-commit hook adds to `git commit` of 10 small staged files: the same commit with no hook,
# with keyward's hook (`keyward hook install`) and with git-secrets' hooks (`git secrets --install`,
# `--register-aws`). Uses hyperfine when it is installed (apt-get install hyperfine), else a plain timing loop.
# A benchmark, not a test: never run by `mvn verify`. Goal: keyward adds at most 0.35 s on a 2-core machine.
#   bench/hook.sh [RUNS]        (default 30 runs per command)
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(dirname "$here")"
runs="${1:-30}"
jar="$root/scanner-cli/target/keyward.jar"

"$root/keyward" --version >/dev/null # builds the jar when it is missing or stale
if ! command -v git-secrets >/dev/null && [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq git-secrets >/dev/null 2>&1 || true
fi

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

# One repository per variant, each with a first commit to build on.
make_repo() {
  git init -q -b main "$work/$1"
  git -C "$work/$1" config user.email bench@keyward.invalid
  git -C "$work/$1" config user.name bench
  git -C "$work/$1" config commit.gpgsign false
  echo "# bench" > "$work/$1/README.md"
  git -C "$work/$1" add README.md
  git -C "$work/$1" commit -q --no-verify -m base
}
variants=(none keyward)
make_repo none
make_repo keyward
(cd "$work/keyward" && java -jar "$jar" hook install >/dev/null)
if command -v git-secrets >/dev/null; then
  make_repo git-secrets
  (cd "$work/git-secrets" && git secrets --install >/dev/null && git secrets --register-aws >/dev/null)
  variants+=(git-secrets)
else
  echo "git-secrets is not installed (apt-get install git-secrets): its column is left out" >&2
fi

# Untimed before each run: back to the base commit, then 10 small files staged.
cat > "$work/prepare.sh" <<'EOF'
#!/bin/sh
cd "$1" || exit 1
git reset -q --hard HEAD~0 >/dev/null 2>&1
git reset -q --hard "$(git rev-list --max-parents=0 HEAD)"
i=0
while [ $i -lt 10 ]; do
  printf 'name = "service %s"\nregion = "eu-west-1"\ntimeout = %s\n' "$i" "$$" > "src$i.toml"
  i=$((i + 1))
done
git add -A
EOF
chmod +x "$work/prepare.sh"
for v in "${variants[@]}"; do # one commit each to warm caches (and check the hook passes a clean commit)
  "$work/prepare.sh" "$work/$v"
  git -C "$work/$v" commit -q -m warm
done

echo "cores: $(nproc)  load: $(cut -d' ' -f1-3 /proc/loadavg)  runs: $runs" >&2
declare -A mean cpu
if command -v hyperfine >/dev/null; then
  args=()
  for v in "${variants[@]}"; do
    args+=(--prepare "$work/prepare.sh $work/$v" -n "$v" "git -C $work/$v commit -q -m bench")
  done
  hyperfine -N -w 3 -r "$runs" --export-json "$work/result.json" "${args[@]}" >&2
  while read -r name value used; do mean[$name]=$value; cpu[$name]=$used; done < <(python3 -c '
import json, sys
for r in json.load(open(sys.argv[1]))["results"]:
    print(r["command"], r["median"], r["user"] + r["system"])' "$work/result.json")
else
  echo "hyperfine is not installed (apt-get install hyperfine): timing with a shell loop" >&2
  for v in "${variants[@]}"; do
    total=0
    for _ in $(seq "$runs"); do
      "$work/prepare.sh" "$work/$v"
      start=$(date +%s%N)
      git -C "$work/$v" commit -q -m bench
      total=$((total + $(date +%s%N) - start))
    done
    mean[$v]=$(python3 -c "print($total / $runs / 1e9)")
    cpu[$v]=0
  done
fi

# Wall time depends on what else the machine is doing; CPU time (user + system, all processes of the commit)
# much less so, and on an idle 2-core machine the hook's wall time stays below its CPU time.
echo "| commit of 10 small staged files | median wall | added by the hook | CPU (user+sys) | added CPU |"
echo "| --- | ---: | ---: | ---: | ---: |"
for v in "${variants[@]}"; do
  python3 -c '
import sys
name, t, base, c, cbase = sys.argv[1], float(sys.argv[2]), float(sys.argv[3]), float(sys.argv[4]), float(sys.argv[5])
label = {"none": "no hook", "keyward": "keyward hook", "git-secrets": "git-secrets hooks"}[name]
added = "-" if name == "none" else f"{t - base:.3f} s"
addedc = "-" if name == "none" else f"{c - cbase:.3f} s"
print(f"| {label} | {t:.3f} s | {added} | {c:.3f} s | {addedc} |")' "$v" "${mean[$v]}" "${mean[none]}" "${cpu[$v]}" "${cpu[none]}"
done
