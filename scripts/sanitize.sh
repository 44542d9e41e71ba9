#!/usr/bin/env bash
# The sanitizer and valgrind jobs of CI (also fine to run by hand after scripts/test.sh):
#   1. an ASan+UBSan build (build-asan) running the unit, mock and janus suites: any report fails;
#   2. valgrind memcheck over the unit and mock suites of the plain build ($BUILD_DIR): any error or
#      leak fails.
#   scripts/sanitize.sh [asan|valgrind]...   (default: both)
# The loopback shim that Janus preloads is built unsanitized (test/janus/meson.build): it runs inside
# Janus, not in our code.
set -euo pipefail
. "$(dirname "${BASH_SOURCE[0]}")/setup.sh"

jobs=("$@")
((${#jobs[@]})) || jobs=(asan valgrind)
januv_install_packages valgrind

run_asan() {
  local dir=$JANUV_ROOT/build-asan
  # shellcheck disable=SC2086
  [ -f "$dir/build.ninja" ] ||
    meson setup "$dir" "$JANUV_ROOT" -Db_sanitize=address,undefined -Db_lundef=false -Dwerror=true \
      -Dmedia=enabled -Dtools=true ${MESON_ARGS:-} >/dev/null
  meson compile -C "$dir" >/dev/null
  # Leak checking on; UBSan findings are errors. LeakSanitizer keeps its default use_tls=1: GLib
  # (linked for the media code) holds a per-thread block from its constructor that use_tls=0 reports.
  ASAN_OPTIONS=detect_leaks=1:abort_on_error=0:halt_on_error=1:strict_string_checks=1:detect_stack_use_after_return=1 \
  UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1 \
    meson test -C "$dir" --no-rebuild --print-errorlogs --suite unit --suite mock --suite janus \
      --timeout-multiplier 3
}

run_valgrind() {
  meson compile -C "$BUILD_DIR" >/dev/null
  # --child-silent-after-fork: the mock suites fork nothing, but the runner's helpers might.
  meson test -C "$BUILD_DIR" --no-rebuild --print-errorlogs --suite unit --suite mock \
    --timeout-multiplier 10 \
    --wrapper "valgrind --quiet --error-exitcode=9 --leak-check=full --show-leak-kinds=definite,indirect,possible --errors-for-leak-kinds=definite,indirect,possible --track-fds=no --child-silent-after-fork=yes"
}

for j in "${jobs[@]}"; do
  case $j in
    asan) echo "== ASan+UBSan: unit, mock, janus"; run_asan ;;
    valgrind) echo "== valgrind memcheck: unit, mock"; run_valgrind ;;
    *) echo "unknown job: $j (asan, valgrind)" >&2; exit 2 ;;
  esac
done
