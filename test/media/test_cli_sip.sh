#!/usr/bin/env bash
# `januv sip` against a private Janus and Debian's sipp on 127.0.0.1 (our scenarios in test/sip/):
# register with digest authentication, a refused registration (exit 1), and a call that sipp answers,
# with progress lines, audio echoed back by sipp, and the hangup reaching sipp (its exit status 0).
# usage: test_cli_sip.sh JANUV_BIN JANUV_TEST_JANUS_BIN
set -uo pipefail
JANUV=$1
RUN=$2
CLI_LIB=$(cd "$(dirname "${BASH_SOURCE[0]}")/../janus" && pwd)/cli_lib.sh
SIP_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")/../sip" && pwd)
export JANUV CLI_LIB SIP_DIR

exec "$RUN" --name cli-sip -- bash -uo pipefail -c '
. "$CLI_LIB"
command -v sipp >/dev/null || { echo "not ok - sipp missing (Debian package sip-tester)"; exit 1; }
dir=$(mktemp -d)
pids=()
trap "kill \${pids[*]} 2>/dev/null; rm -rf \"\$dir\"" EXIT
free_port() { python3 -c "import socket; s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM); s.bind((\"127.0.0.1\", 0)); print(s.getsockname()[1])"; }
# start_sipp NAME SCENARIO [ARGS...]: sipp in the background on a free port; sets PORT and PID.
start_sipp() {
  local name=$1 scenario=$2 try; shift 2
  for try in 1 2 3 4 5; do
    PORT=$(free_port)
    sipp -sf "$SIP_DIR/$scenario.xml" -i 127.0.0.1 -p "$PORT" -mp "$(free_port)" -rtp_echo -nostdin \
      -trace_msg -message_file "$dir/$name.msgs" "$@" >"$dir/$name.out" 2>&1 </dev/null &
    PID=$!
    sleep 0.3
    kill -0 "$PID" 2>/dev/null && { pids+=("$PID"); return 0; }
  done
  echo "# sipp $scenario would not start:"; sed "s/^/#   /" "$dir/$name.out"
  return 1
}
ok() { checks=$((checks + 1)); if "$@"; then echo "ok $checks - ${what}"; else echo "not ok $checks - ${what}"; fails=$((fails + 1)); fi; }

start_sipp reg registrar_digest || exit 1
REG=$PORT
check "register with digest auth" 0 "^registered as alice$" -- \
  "$JANUV" sip register "$JANUS_WS_URL" --username sip:alice@127.0.0.1 --secret alice-secret --proxy "sip:127.0.0.1:$REG"
check "register refused" 1 "^registration failed: 403 Forbidden$" -- \
  "$JANUV" sip register "$JANUS_WS_URL" --username sip:alice@127.0.0.1 --secret wrong --proxy "sip:127.0.0.1:$REG"
check "register without secret" 2 "needs --secret" -- "$JANUV" sip register "$JANUS_WS_URL"

start_sipp uas uas_answer -m 1 || exit 1
UAS=$PORT
UAS_PID=$PID
"$JANUV" sip call "$JANUS_WS_URL" "sip:bob@127.0.0.1:$UAS" --username sip:alice@127.0.0.1 --secret alice-secret \
  --proxy "sip:127.0.0.1:$REG" --seconds 2 >"$dir/call.out" 2>&1
st=$?
what="call exits 0 (status $st)"; ok test "$st" -eq 0
what="ringing"; ok grep -qx "ringing" "$dir/call.out"
what="accepted"; ok grep -qx "accepted" "$dir/call.out"
what="progress lines"; ok grep -Eq "^\[  2s\] connected " "$dir/call.out"
what="audio came back"; ok grep -Eq "^summary: 2 s, .* audio [1-9][0-9]* buffers decoded" "$dir/call.out"
for i in $(seq 100); do kill -0 "$UAS_PID" 2>/dev/null || break; sleep 0.1; done
wait "$UAS_PID"; st=$?
what="the hangup reached sipp, its scenario passed (status $st)"; ok test "$st" -eq 0
if [ "$fails" -gt 0 ]; then echo "--- januv sip call"; cat "$dir/call.out"; echo "--- sipp uas"; tail -30 "$dir/uas.out"; fi
finish
'
