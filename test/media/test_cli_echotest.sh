#!/usr/bin/env bash
# `januv echotest` against a private Janus: a progress line per second, a summary, exit 0 only when media
# came back; a source that cannot be built is a failure.
# usage: test_cli_echotest.sh JANUV_BIN JANUV_TEST_JANUS_BIN
set -euo pipefail
export JANUV=$1
exec "$2" --name cli-echotest -- bash -uo pipefail -c '
out=$("$JANUV" echotest --seconds 3 "$JANUS_WS_URL" 2>&1)
rc=$?
echo "$out"
[ "$rc" -eq 0 ] || { echo "FAIL: exit $rc"; exit 1; }
echo "$out" | grep -q "^\[  3s\] connected" || { echo "FAIL: no progress line for second 3"; exit 1; }
echo "$out" | grep -Eq "^summary: 3 s, .* video [1-9][0-9]* frames decoded" || { echo "FAIL: no decoded video"; exit 1; }
out=$("$JANUV" echotest --seconds 3 --video-codec vp9 --audio-codec pcmu "$JANUS_WS_URL" 2>&1)
rc=$?
[ "$rc" -eq 0 ] || { echo "$out"; echo "FAIL: vp9+pcmu: exit $rc"; exit 1; }
echo "$out" | grep -Eq "^summary: 3 s, .* video [1-9][0-9]* frames decoded .*, audio [1-9][0-9]* buffers decoded" ||
  { echo "$out"; echo "FAIL: vp9+pcmu: nothing decoded"; exit 1; }
echo "ok: --video-codec vp9 --audio-codec pcmu"
out=$("$JANUV" echotest --seconds 1 --audio-codec speex "$JANUS_WS_URL" 2>&1)
rc=$?
[ "$rc" -eq 2 ] && echo "$out" | grep -q -- "--audio-codec speex: not one of opus, pcmu, pcma, g722" ||
  { echo "$out"; echo "FAIL: unknown codec: exit $rc"; exit 1; }
echo "ok: an unknown codec is a usage error"
"$JANUV" echotest --seconds 1 --video "bin:nosuchelement" "$JANUS_WS_URL" >/dev/null 2>&1
rc=$?
[ "$rc" -ne 0 ] || { echo "FAIL: a broken source exited 0"; exit 1; }
echo "ok: broken source exits $rc"
'
