#!/usr/bin/env bash
# Runs the libFuzzer targets (test/fuzz/*.c) over their committed seeds and crash inputs.
#
#   test/fuzz/run.sh [--runs N] [--seconds S] [--build DIR] [TARGET...]
#
# Configures DIR (default: build-fuzz next to the sources) with CC=clang -Dfuzz=true if needed, builds
# the targets, then runs each one, one after the other, for N executions (default 20000, and 5000 for
# fuzz_tls_records, which does a TLS handshake per input; 0 = until --seconds) capped at S seconds
# each (default 60), starting from corpus/<target>/ and regressions/<target>/. New inputs go to a
# scratch corpus (never into the committed ones); a crash leaves its input in
# DIR/fuzz-artifacts/<target>/ and makes the script fail: reproduce it with
# `DIR/test/fuzz/<target> FILE`, fix, and add it to regressions/<target>/.
#
# Long local runs: test/fuzz/run.sh --runs 1000000 --seconds 7200 TARGET (run them with nice -n 19).
# Minimizing seeds into a corpus: DIR/test/fuzz/<target> -merge=1 corpus/<target> NEW_SEEDS_DIR.
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
runs=
seconds=60
build=$root/build-fuzz
targets=()
while (($#)); do
  case $1 in
    --runs) runs=$2; shift 2 ;;
    --seconds) seconds=$2; shift 2 ;;
    --build) build=$2; shift 2 ;;
    -h|--help) sed -n '2,16p' "$0"; exit 0 ;;
    *) targets+=("$1"); shift ;;
  esac
done
((${#targets[@]})) || targets=(fuzz_http_response fuzz_ws_frames fuzz_tls_records fuzz_url fuzz_json_core
                               fuzz_plugins fuzz_mask)

if [ ! -f "$build/build.ninja" ]; then
  CC=clang meson setup "$build" "$root" -Dfuzz=true -Dmedia=disabled -Dtools=false >/dev/null
fi
ninja -C "$build" "${targets[@]/#/test/fuzz/}" >/dev/null

status=0
for t in "${targets[@]}"; do
  scratch=$(mktemp -d)
  artifacts=$build/fuzz-artifacts/$t
  mkdir -p "$artifacts"
  dirs=("$scratch")
  for d in "$root/test/fuzz/corpus/$t" "$root/test/fuzz/regressions/$t"; do
    [ -d "$d" ] && dirs+=("$d")
  done
  n=${runs:-20000}
  [ -n "$runs" ] || [ "$t" != fuzz_tls_records ] || n=5000
  start=$SECONDS
  log=$scratch.log
  if "$build/test/fuzz/$t" -runs="$n" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2560 \
      -max_len=8192 -print_final_stats=1 -artifact_prefix="$artifacts/" "${dirs[@]}" >"$log" 2>&1; then
    execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log")
    echo "$t: ok, ${execs:-?} executions in $((SECONDS - start)) s"
  else
    status=1
    echo "$t: FAILED after $((SECONDS - start)) s (input in $artifacts/):"
    grep -E 'ERROR|invariant|callback ran|SUMMARY|Test unit written' "$log" | head -20 | sed 's/^/  /'
  fi
  rm -rf "$scratch" "$log"
done
exit $status
