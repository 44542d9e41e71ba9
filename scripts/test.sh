#!/usr/bin/env bash
# Runs the whole januv test suite: installs missing Debian packages, builds, runs `meson test`
# (suites unit, mock, janus, ...) and ends with a line "N passed, N failed".
# Extra arguments go to `meson test` (e.g. --suite mock).
set -euo pipefail
. "$(dirname "${BASH_SOURCE[0]}")/setup.sh"

januv_install_packages
januv_build

status=0
meson test -C "$BUILD_DIR" --print-errorlogs "$@" || status=$?

py=0
python3 - "$BUILD_DIR/meson-logs/testlog.json" <<'PY' || py=$?
import json, sys
passed = failed = 0
for line in open(sys.argv[1]):
    line = line.strip()
    if not line:
        continue
    r = json.loads(line).get("result")
    if r in ("OK", "EXPECTEDFAIL", "SKIP"):
        passed += r != "SKIP"
        if r == "SKIP":
            failed += 1  # nothing may be skipped
            print("skipped:", json.loads(line).get("name"))
    else:
        failed += 1
print(f"{passed} passed, {failed} failed")
sys.exit(1 if failed else 0)
PY
[ "$status" -eq 0 ] && [ "$py" -eq 0 ]
