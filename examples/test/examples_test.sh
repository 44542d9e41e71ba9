#!/usr/bin/env bash
# The examples (examples/*.c) against a private Janus: exit statuses and output.
# usage: examples_test.sh CASE EXAMPLES_DIR JANUV_TEST_JANUS RECONNECT_DRIVER
# Cases: usage, info, custom-transport, admin-monitor, echotest, videoroom (under januv-test-janus);
# reconnect-restart-ws, reconnect-restart-unix, reconnect-cut (under example-reconnect-driver, which
# restarts Janus or cuts the connection when the example is ready).
set -uo pipefail
case=$1 ex=$2 run=$3 driver=$4

# Janus-backed cases re-run this script under januv-test-janus, which sets JANUS_*_URL.
if [ -z "${JANUS_WS_URL:-}" ] && [[ $case != usage && $case != reconnect-* ]]; then
  exec "$run" --name "ex-$case" -- bash "$0" "$@"
fi

mkdir -p "${JANUV_TEST_TMPDIR:-/tmp}"
tmp=$(mktemp -d "${JANUV_TEST_TMPDIR:-/tmp}/ex-$case.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
out=$tmp/out
failures=0

fail() {
  echo "FAIL $*"
  echo "---- output:"; cat "$out"; echo "----"
  failures=$((failures + 1))
}
# run NAME STATUS CMD...: runs CMD (its stdout and stderr go to $out) and checks its exit status.
run() {
  local name=$1 want=$2
  shift 2
  "$@" >"$out" 2>&1
  local got=$?
  if [ "$got" -eq "$want" ]; then
    echo "ok   $name: exit status $got"
    sed 's/^/     | /' "$out"
  else
    fail "$name: exit status $got, want $want"
  fi
}
# has REGEX...: $out has a line matching each extended REGEX.
has() {
  local re
  for re in "$@"; do
    if grep -Eq -- "$re" "$out"; then echo "ok     /$re/"; else fail "no line matches /$re/"; fi
  done
}

case $case in
usage)
  for e in info custom_transport admin_monitor reconnect echotest videoroom_publish videoroom_record; do
    [ -x "$ex/$e" ] || continue
    run "$e without arguments" 2 "$ex/$e"
    has "^usage: .*$e"
  done
  run "info with an unknown scheme" 2 "$ex/info" "gopher://example.org"
  has "no transport"
  ;;
info)
  for url in "$JANUS_WS_URL" "$JANUS_HTTP_URL" "$JANUS_UNIX_URL"; do
    run "info $url" 0 "$ex/info" "$url"
    has "^server: Janus WebRTC Server [0-9]+\.[0-9]+\.[0-9]+$" "^transports: .*janus\.transport\.websockets" \
      "^plugins: .*janus\.plugin\.echotest" "^pong in [0-9]+\.[0-9]+ ms$"
  done
  run "info, nothing listening" 1 "$ex/info" "ws://127.0.0.1:1"
  has "connection refused"
  ;;
custom-transport)
  url="seqpacket://${JANUS_UNIX_URL#unix://}"
  run "custom_transport $url" 0 "$ex/custom_transport" "$url"
  has "is served by the \"seqpacket\" transport" "^server: Janus WebRTC Server" "^pong$" \
    "^carried 2 requests out and 2 messages in$"
  run "custom_transport, no such socket" 1 "$ex/custom_transport" "seqpacket://$tmp/nothing.sock"
  has "no such file or directory"
  run "custom_transport, not its scheme" 2 "$ex/custom_transport" "$JANUS_WS_URL"
  ;;
admin-monitor)
  # A session with a handle to see: the reconnect example holds one (and prints its ids) until SIGTERM.
  coproc HOLDER { exec "$ex/reconnect" "$JANUS_WS_URL" 1 2>&1; }
  holder_pid=$HOLDER_PID
  sid= hid=
  while IFS= read -r -t 30 line <&"${HOLDER[0]}"; do
    echo "holder: $line"
    if [[ $line =~ ^ready:\ session\ ([0-9]+),\ handle\ ([0-9]+)$ ]]; then
      sid=${BASH_REMATCH[1]} hid=${BASH_REMATCH[2]}
      break
    fi
  done
  [ -n "$sid" ] || fail "the reconnect example never got ready"
  for url in "$JANUS_ADMIN_WS_URL" "$JANUS_ADMIN_HTTP_URL" "$JANUS_ADMIN_UNIX_URL"; do
    run "admin_monitor $url 2" 0 env JANUV_ADMIN_SECRET="$JANUS_ADMIN_SECRET" "$ex/admin_monitor" "$url" 2
    has "^\[1\] [1-9][0-9]* sessions?$" "^\[2\] [1-9][0-9]* sessions?$" "^  session $sid: 1 handle$" \
      "^    handle $hid of session $sid: janus\.plugin\.echotest$"
  done
  run "admin_monitor, wrong secret" 1 env JANUV_ADMIN_SECRET=wrong "$ex/admin_monitor" "$JANUS_ADMIN_WS_URL" 1
  has "list_sessions: Unauthorized"
  kill -TERM "$holder_pid"
  wait "$holder_pid"
  rc=$?
  [ "$rc" -eq 0 ] && echo "ok   holder stopped on SIGTERM" || fail "the reconnect example exited with $rc on SIGTERM"
  ;;
reconnect-restart-ws | reconnect-restart-unix)
  var=JANUS_${case#reconnect-restart-}
  var=${var^^}_URL
  # The driver restarts Janus when the example prints "ready:": the session is gone, a new one must come.
  run "reconnect across a Janus restart ($var)" 0 "$driver" restart "ready:" -- \
    bash -c 'exec "$0" "${!1}" 1' "$ex/reconnect" "$var"
  has "^ready: session [0-9]+, handle [0-9]+$" "^driver: Janus restarted" "^connection disconnected" \
    "^connection reconnecting" "^connection reconnected" "^session [0-9]+ lost: " \
    "^recovered \(1\): new session and handle, session [0-9]+$"
  ;;
reconnect-cut)
  # The driver resets the connection (through its proxy) when the example is ready; Janus keeps the
  # session (reclaim_session_timeout), so the example must claim it and carry on with the same one.
  run "reconnect across a cut connection" 0 "$driver" cut "ready:" -- \
    bash -c 'exec "$0" "$JANUS_WS_URL" 1' "$ex/reconnect"
  sid=$(sed -n 's/^ready: session \([0-9]*\),.*/\1/p' "$out" | head -1)
  has "^ready: session [0-9]+, handle [0-9]+$" "^driver: cutting 1 connection" "^connection disconnected" \
    "^connection reconnected" "^recovered \(1\): session claimed, session ${sid:-none}$"
  ;;
echotest)
  # 10 s, generous: the example runs for a fixed time from its start, and on a loaded 2-core machine (the
  # suite runs media tests side by side) the first VP8 frame has been seen to take over 3 s.
  run "echotest 10 s" 0 "$ex/echotest" "$JANUS_WS_URL" 10
  has "^echotest started" "^webrtcup" "^Janus receives our video" \
    "^summary: 10 s, video [1-9][0-9]* frames decoded, audio [1-9][0-9]* buffers decoded"
  ;;
videoroom)
  # The publisher creates room 1234 and publishes for 15 s; once it has joined, the recorder joins and
  # records its feed for 4 s from the first frame: a publisher already listed when it joins, or announced
  # right after (Janus lists it once its media is up). stdbuf: the publisher's lines at once, into a pipe.
  coproc PUB { exec stdbuf -oL "$ex/videoroom_publish" "$JANUS_WS_URL" 1234 15 2>&1; }
  pub=$PUB_PID
  exec {pub_out}<&"${PUB[0]}"
  joined=
  while IFS= read -r -t 30 line <&$pub_out; do
    echo "publisher: $line"
    echo "$line" >>"$tmp/publish.out"
    [[ $line == "joined room 1234 as feed "* ]] && joined=1 && break
  done
  [ -n "$joined" ] || fail "the publisher never joined"
  run "videoroom_record 4 s" 0 "$ex/videoroom_record" "$JANUS_WS_URL" 1234 4 "$tmp"
  has "^joined; [01] publishers so far$" "^feed [0-9]+ \(januv publisher\) publishes$" \
    "^feed [0-9]+: receiving video" "^feed [0-9]+: receiving audio" \
    "^feed [0-9]+: wrote $tmp/feed-1\.webm \([0-9]+ bytes\)$"
  rec=$tmp/feed-1.webm
  if [ -s "$rec" ]; then
    magic=$(head -c 4 "$rec" | od -An -tx1 | tr -d ' \n')
    [ "$magic" = 1a45dfa3 ] && echo "ok   $rec is Matroska/WebM" || fail "$rec: not WebM ($magic)"
    # The file plays: both tracks decode to the end.
    if command -v gst-launch-1.0 >/dev/null; then
      run "the recording decodes" 0 gst-launch-1.0 -q filesrc location="$rec" ! matroskademux name=d \
        d.video_0 ! queue ! vp8dec ! fakesink d.audio_0 ! queue ! opusdec ! fakesink
    fi
  else
    fail "no recording at $rec"
  fi
  cat <&$pub_out >>"$tmp/publish.out"
  wait "$pub"
  rc=$?
  out=$tmp/publish.out
  [ "$rc" -eq 0 ] && echo "ok   videoroom_publish: exit status 0" || fail "videoroom_publish: exit status $rc"
  sed 's/^/     | /' "$out"
  has "^created room 1234$" "^joined room 1234 as feed [0-9]+" "^Janus receives our video" \
    "^summary: 15 s, [0-9]+ bytes sent, Janus received our media$"
  ;;
*)
  echo "unknown case $case"
  exit 2
  ;;
esac

echo "$case: $failures failures"
[ "$failures" -eq 0 ]
