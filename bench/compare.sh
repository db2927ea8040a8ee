#!/usr/bin/env bash
# Whole-process comparisons of keyward with ripgrep, git-secrets and git's own object reading, on corpora this
# script builds and caches in ${KEYWARD_BENCH_DIR:-/tmp/keyward-bench}:
#   jdk/       the JDK 17 sources (Debian openjdk-17-source, src.zip), SCAN_COPIES times (hard links)
#   history/   a Git repository of HISTORY_COMMITS generated commits over those sources (git fast-import), with
#              generated keys planted in a few commits and deleted later
# Commands are alternated: each round runs every command of a group once, in turn (hyperfine --runs 1), ROUNDS
# rounds; medians are taken over the rounds. Every keyward run is wrapped in /usr/bin/time for its peak RSS.
#
#   deep-*/    a deep-delta history shaped like a real SDK's (bench/gen-deep.py: large JSON models and a changelog
#              edited a little in many commits, on branches and refs/pull/N/head; git gc --aggressive)
#   dense-*/   a keyword-dense history (bench/gen-dense.py history: secret, session, token, AccessKey on most
#              lines; npm lock files of base64 integrity hashes)
#   presigned-*.log  an access log of presigned S3 URLs (bench/gen-dense.py log)
#   and the AWS SDK for Go's sources and botocore's models (Debian packages, installed with apt-get)
#
# Usage: bench/compare.sh [scan] [history] [hook] [deep] [dense] [aws] [log]     (default: all)
# Environment: HOOK_RUNS (20, for bench/hook.sh), ROUNDS (5), SCAN_COPIES (2), HISTORY_COMMITS (10000),
#              DEEP_COMMITS (4000) and DEEP_SCALE (0.5, file sizes; DEEP_COMMITS=10000 DEEP_SCALE=1 is the full
#              size of the issue's SDK repository, and its git gc --aggressive takes tens of minutes on 2 cores),
#              DENSE_COMMITS (2000), LOG_MB (20), GS_HISTORY_TIMEOUT (seconds, 240: git secrets
#              --scan-history is cut there and shown as capped),
#              BUILD_ONLY (set: build the corpora and stop), KEYWARD (the command to measure, default: the launcher beside this folder), JAVA_OPTS (passed on).
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(dirname "$here")"
dir="${KEYWARD_BENCH_DIR:-/tmp/keyward-bench}"
rounds="${ROUNDS:-5}"
copies="${SCAN_COPIES:-2}"
commits="${HISTORY_COMMITS:-10000}"
gs_timeout="${GS_HISTORY_TIMEOUT:-240}"
deep_commits="${DEEP_COMMITS:-4000}"
deep_scale="${DEEP_SCALE:-0.5}"
dense_commits="${DENSE_COMMITS:-2000}"
log_mb="${LOG_MB:-20}"
keyward="${KEYWARD:-$root/keyward}"
idre='(AKIA|ASIA|ABIA|ACCA)[A-Z0-9]{16}'
groups=("$@")
[ ${#groups[@]} -eq 0 ] && groups=(scan history hook deep dense aws log)

say() { printf '%s\n' "$*" >&2; }

# ---- tools ---------------------------------------------------------------------------------------------------
need=()
command -v hyperfine >/dev/null || need+=(hyperfine)
command -v rg >/dev/null || need+=(ripgrep)
command -v git-secrets >/dev/null || need+=(git-secrets)
[ -x /usr/bin/time ] || need+=(time)
src_zip=""
for z in /usr/lib/jvm/openjdk-17/lib/src.zip /usr/lib/jvm/java-17-openjdk-amd64/lib/src.zip; do
  [ -f "$z" ] && src_zip="$z" && break
done
[ -z "$src_zip" ] && need+=(openjdk-17-source)
if [ ${#need[@]} -gt 0 ]; then
  say "installing ${need[*]}"
  apt-get update -qq >&2 && apt-get install -y -qq "${need[@]}" >&2
  src_zip=/usr/lib/jvm/openjdk-17/lib/src.zip
  [ -f "$src_zip" ] || src_zip=/usr/lib/jvm/java-17-openjdk-amd64/lib/src.zip
fi

# ---- corpora (cached; each built the first time a group needs it) -------------------------------------------
mkdir -p "$dir"
jdk="$dir/jdk"
build_jdk() {
  [ -f "$jdk/.done-$copies" ] && return
  say "unpacking $src_zip into $jdk ($copies copies)"
  rm -rf "$jdk" && mkdir -p "$jdk/copy1"
  unzip -q "$src_zip" -d "$jdk/copy1"
  for ((c = 2; c <= copies; c++)); do cp -al "$jdk/copy1" "$jdk/copy$c"; done
  touch "$jdk/.done-$copies"
}
repo="$dir/history-$commits"
build_history() {
  [ -f "$repo/.done" ] && return
  build_jdk
  say "generating a $commits-commit history over the JDK sources in $repo (git fast-import, then repack)"
  rm -rf "$repo" && git init -q -b main "$repo"
  python3 "$here/gen-history.py" "$jdk/copy1" "$commits" 7 2> "$repo/planted.txt" \
    | git -C "$repo" fast-import --quiet --done
  git -C "$repo" repack -a -d -q
  git -C "$repo" checkout -q main
  touch "$repo/.done"
}
# Deep-delta history: large JSON models and a changelog edited a little in many commits, on branches and
# refs/pull/N/head, packed with git gc --aggressive (delta chains up to 50 deep).
deep="$dir/deep-$deep_commits-$deep_scale"
build_deep() {
  [ -f "$deep/.done" ] && return
  say "generating a $deep_commits-commit deep-delta history in $deep (fast-import, then git gc --aggressive: minutes)"
  rm -rf "$deep" && git init -q -b main "$deep"
  python3 "$here/gen-deep.py" "$deep_commits" "$deep_scale" 11 2> "$deep/planted.txt" \
    | git -C "$deep" fast-import --quiet --done
  git -C "$deep" gc --aggressive -q
  git -C "$deep" checkout -q main
  shape "$deep" > "$deep/shape.txt"
  touch "$deep/.done"
}
dense="$dir/dense-$dense_commits"
build_dense() {
  [ -f "$dense/.done" ] && return
  say "generating a $dense_commits-commit keyword-dense history in $dense"
  rm -rf "$dense" && git init -q -b main "$dense"
  python3 "$here/gen-dense.py" history "$dense_commits" 5 | git -C "$dense" fast-import --quiet --done
  git -C "$dense" repack -a -d -q
  git -C "$dense" checkout -q main
  shape "$dense" > "$dense/shape.txt"
  touch "$dense/.done"
}
# Keyword-dense tree: the AWS SDK for Go's sources and botocore's JSON service models, from Debian.
aws=(/usr/share/gocode/src/github.com/aws/aws-sdk-go /usr/lib/python3/dist-packages/botocore)
build_aws() {
  if [ ! -d "${aws[0]}" ] || [ ! -d "${aws[1]}" ]; then
    say "installing golang-github-aws-aws-sdk-go-dev python3-botocore"
    apt-get update -qq >&2 && apt-get install -y -qq golang-github-aws-aws-sdk-go-dev python3-botocore >&2
  fi
}
log="$dir/presigned-$log_mb.log"
build_log() {
  [ -f "$log" ] && return
  say "generating a $log_mb MB access log of presigned S3 URLs in $log"
  python3 "$here/gen-dense.py" log "$log_mb" 3 > "$log.tmp" && mv "$log.tmp" "$log"
}
# shape REPO: commits, unique blobs, their content, the pack, and the deepest delta chain
shape() {
  local r="$1" blobs chain
  blobs=$(git -C "$r" cat-file --batch-all-objects --batch-check='%(objecttype) %(objectsize)' \
    | awk '$1 == "blob" { n++; s += $2 } END { printf "%d unique blobs, %.0f MiB of blob content", n, s / 1048576 }')
  chain=$(git -C "$r" verify-pack -v "$r"/.git/objects/pack/*.idx | awk '/^chain length/ { c = $4 } END { print c + 0 }')
  echo "$(git -C "$r" rev-list --all --count) commits on $(git -C "$r" for-each-ref | wc -l) refs, $blobs," \
    "$(git -C "$r" count-objects -vH | awk '/size-pack/ { print $2 " " $3 }') packed, deepest delta chain $chain"
}

# ---- keyward -------------------------------------------------------------------------------------------------
"$keyward" --version >/dev/null # builds it when stale, outside the timings
if [ -z "${KEYWARD:-}" ]; then
  # Measure a copy of the launcher and its jar, so editing the sources during a run cannot trigger a rebuild.
  snap="$dir/snapshot" && rm -rf "$snap" && mkdir -p "$snap/scanner-cli/target"
  cp "$root/keyward" "$snap/" && cp "$root/scanner-cli/target/keyward.jar" "$snap/scanner-cli/target/"
  keyward="$snap/keyward"
  "$keyward" --version >/dev/null # makes its class-data archive (CDS checks the jar's path, so it is made there)
fi
# git-secrets reads its patterns from git config: keep them in a HOME of our own, not the user's.
gshome="$dir/home"
if ! HOME="$gshome" git config --global --get-all secrets.patterns >/dev/null 2>&1; then
  mkdir -p "$gshome"
  HOME="$gshome" git secrets --register-aws --global >/dev/null
fi
gs="env HOME=$gshome git secrets"
out="$dir/out" && mkdir -p "$out" # outputs go to files: some tools stop early when writing to /dev/null
rss="$dir/rss" && mkdir -p "$rss"
timed() { echo "/usr/bin/time -f %M -a -o $rss/$1 $2"; } # a command line that appends its max RSS (KiB)

# run_group NAME REFERENCE-INDEX NAME=COMMAND... : alternated rounds, then a table of medians and ratios
results="$dir/results.md"
run_group() {
  local group="$1" ref="$2"
  shift 2
  local names=() cmds=() json="$dir/$group.json"
  for nc in "$@"; do names+=("${nc%%=*}"); cmds+=("${nc#*=}"); done
  rm -f "$dir/$group".round*.json "$rss/$group".*
  say "== $group: ${#cmds[@]} commands, $rounds alternated rounds"
  for ((k = 0; k <= rounds; k++)); do # round 0 warms the page cache and is dropped
    [ "$k" -eq 1 ] && rm -f "$rss/$group".*
    hyperfine --runs 1 -i --style none --shell bash "${cmds[@]}" --export-json "$dir/$group.round$k.json" >/dev/null
  done
  GS_TIMEOUT="$gs_timeout" python3 - "$group" "$ref" "$rss" "$dir" "$rounds" "${names[@]}" <<'PY' | tee -a "$results"
import json, statistics, sys, os
group, ref, rss, d, rounds = sys.argv[1], int(sys.argv[2]), sys.argv[3], sys.argv[4], int(sys.argv[5])
names = sys.argv[6:]
times = [[] for _ in names]
for k in range(1, rounds + 1):
    for i, r in enumerate(json.load(open(f"{d}/{group}.round{k}.json"))["results"]):
        times[i].append(r["times"][0])
med = [statistics.median(t) for t in times]
print(f"\n**{group}** ({rounds} alternated rounds)\n")
print("| command | median s | min s | max s | vs " + names[ref] + " | peak RSS MiB |")
print("| --- | ---: | ---: | ---: | ---: | ---: |")
for i, n in enumerate(names):
    f = f"{rss}/{group}.{i}"
    peak = "-"
    if os.path.exists(f):
        vals = [int(x) for x in open(f).read().split() if x.isdigit()]
        peak = f"{max(vals) / 1024:.0f}" if vals else "-"
    capped = " (capped)" if "scan-history" in n and med[i] >= 0.98 * float(os.environ["GS_TIMEOUT"]) else ""
    print(f"| {n}{capped} | {med[i]:.2f} | {min(times[i]):.2f} | {max(times[i]):.2f} | {med[i] / med[ref]:.2f}x | {peak} |")
PY
}

for g in "${groups[@]}"; do # corpora first, so no group's timings include building another's
  case "$g" in scan) build_jdk ;; history) build_history ;; deep) build_deep ;; dense) build_dense ;;
    aws) build_aws ;; log) build_log ;; esac
done
[ -n "${BUILD_ONLY:-}" ] && { say "corpora built in $dir"; exit 0; }
{
  echo "## keyward benchmark $(date -u +%Y-%m-%dT%H:%MZ), keyward $(git -C "$root" rev-parse --short HEAD)"
  echo
  echo "$(nproc) cores, $(free -g | awk '/Mem:/{print $2}') GiB, load average $(cut -d' ' -f1-3 /proc/loadavg) at start," \
    "groups: ${groups[*]}"
  [ -f "$jdk/.done-$copies" ] && echo "JDK tree: $(du -slm --apparent-size "$jdk" | cut -f1) MiB in $(find "$jdk" -type f | wc -l) files"
  [ -f "$repo/.done" ] && echo "history: $(git -C "$repo" rev-list --all --count) commits, $(git -C "$repo" count-objects -vH | awk '/size-pack/{print $2 $3}') packed"
  [ -f "$deep/.done" ] && echo "deep-delta history: $(cat "$deep/shape.txt")"
  [ -f "$dense/.done" ] && echo "keyword-dense history: $(cat "$dense/shape.txt")"
  [ -d "${aws[0]}" ] && echo "AWS tree: $(du -scm --apparent-size "${aws[@]}" | tail -1 | cut -f1) MiB in $(find "${aws[@]}" -type f | wc -l) files"
  [ -f "$log" ] && echo "presigned-URL log: $(du -m --apparent-size "$log" | cut -f1) MiB, $(wc -l < "$log") lines"
  true
} | sed 's/$/  /' > "$results"

for g in "${groups[@]}"; do
  case "$g" in
    scan)
      run_group scan 1 \
        "keyward scan=$(timed scan.0 "$keyward scan $jdk") > $out/scan.keyward" \
        "rg (key-ID regex)=rg -c '$idre' $jdk > $out/scan.rg" \
        "git secrets --scan -r=$gs --scan -r $jdk > $out/scan.gs 2>&1"
      ;;
    history)
      if ! "$keyward" history --help >/dev/null 2>&1; then
        say "keyward history is not there yet: measuring the others only"
        echo -e "\n(keyward history not available in this build)" >> "$results"
      fi
      hist=()
      "$keyward" history --help >/dev/null 2>&1 \
        && hist+=("keyward history=$(timed history.0 "$keyward history $repo") > $out/history.keyward")
      run_group history $([ ${#hist[@]} -gt 0 ] && echo 1 || echo 0) \
        "${hist[@]}" \
        "git cat-file --batch-all-objects --batch=git -C $repo cat-file --batch-all-objects --batch > /dev/null" \
        "git cat-file ... --unordered (pack order)=git -C $repo cat-file --batch-all-objects --batch --unordered > /dev/null" \
        "git log -p --all, piped to rg=git -C $repo log -p --all | rg -c '$idre' > $out/history.rg" \
        "git secrets --scan-history=cd $repo && timeout $gs_timeout $gs --scan-history > $out/history.gs 2>&1"
      ;;
    hook)
      if [ -x "$here/hook.sh" ]; then
        echo -e "\n**hook** (bench/hook.sh ${HOOK_RUNS:-20}: hyperfine medians)\n" >> "$results"
        "$here/hook.sh" "${HOOK_RUNS:-20}" | tee -a "$results"
      else
        say "bench/hook.sh is not there yet: no hook figures"
        echo -e "\n(hook: bench/hook.sh not available in this build)" >> "$results"
      fi
      ;;
    deep)
      run_group deep 2 \
        "keyward history=$(timed deep.0 "$keyward history $deep") > $out/deep.keyward" \
        "keyward history -j 1=$(timed deep.1 "$keyward history -j 1 $deep") > $out/deep.keyward1" \
        "git cat-file --batch-all-objects --batch=git -C $deep cat-file --batch-all-objects --batch > /dev/null" \
        "git cat-file ... --unordered=git -C $deep cat-file --batch-all-objects --batch --unordered > /dev/null" \
        "git rev-list --objects --all=git -C $deep rev-list --objects --all > /dev/null"
      ;;
    dense)
      run_group dense 1 \
        "keyward history=$(timed dense.0 "$keyward history $dense") > $out/dense.keyward" \
        "git cat-file --batch-all-objects --batch=git -C $dense cat-file --batch-all-objects --batch > /dev/null" \
        "git cat-file ... --unordered=git -C $dense cat-file --batch-all-objects --batch --unordered > /dev/null" \
        "git cat-file --batch piped to rg -ci secret=git -C $dense cat-file --batch-all-objects --batch | rg -ci secret > $out/dense.rg"
      ;;
    aws)
      run_group aws 1 \
        "keyward scan=$(timed aws.0 "$keyward scan ${aws[*]}") > $out/aws.keyward" \
        "rg (key-ID regex)=rg -c '$idre' ${aws[*]} > $out/aws.rg" \
        "git secrets --scan -r=$gs --scan -r ${aws[*]} > $out/aws.gs 2>&1" \
        "keyward --version=$keyward --version > /dev/null"
      ;;
    log)
      run_group log 2 \
        "keyward scan=$(timed log.0 "$keyward scan $log") > $out/log.keyward" \
        "rg (key-ID regex)=rg -c '$idre' $log > $out/log.rg" \
        "git secrets --scan=$gs --scan $log > $out/log.gs 2>&1"
      ;;
    *) say "unknown group: $g (scan, history, hook, deep, dense, aws, log)"; exit 2 ;;
  esac
done
say "results: $results"
