#!/usr/bin/env bash
# `januv streaming` and `januv audiobridge` against a private Janus: list/info/participants tables, watching
# a mountpoint fed by gst-launch-1.0 (started and stopped by PID) with --record, two participants joining a
# room and hearing each other, and the exit statuses of the failures.
# usage: test_cli_plugins.sh JANUV_BIN JANUV_TEST_JANUS_BIN
set -uo pipefail
JANUV=$1
RUN=$2
CLI_LIB=$(cd "$(dirname "${BASH_SOURCE[0]}")/../janus" && pwd)/cli_lib.sh
export JANUV CLI_LIB

exec "$RUN" --name cli-plugins -- bash -uo pipefail -c '
. "$CLI_LIB"
tmp=${JANUV_TEST_TMPDIR:-/tmp}/cli-plugins-$$
mkdir -p "$tmp"
feeder=
cleanup() { [ -n "$feeder" ] && kill "$feeder" 2>/dev/null; wait 2>/dev/null; rm -rf "$tmp"; }
trap cleanup EXIT
U=$JANUS_WS_URL

# A mountpoint created at runtime on ports Janus picks, fed by gst-launch-1.0.
"$JANUV" --json request --wait 0 "$U" janus.plugin.streaming "{\"request\":\"create\",\"type\":\"rtp\",\"id\":31,
  \"description\":\"cli feed\",\"media\":[{\"type\":\"video\",\"mid\":\"v\",\"port\":0,\"pt\":96,\"codec\":\"vp8\"},
  {\"type\":\"audio\",\"mid\":\"a\",\"port\":0,\"pt\":111,\"codec\":\"opus\"}]}" > "$tmp/created.json"
ports=($(grep -o "\"port\":[0-9]*" "$tmp/created.json" | cut -d: -f2))
[ "${#ports[@]}" -eq 2 ] || { echo "not ok - create: no ports"; cat "$tmp/created.json"; exit 1; }
gst-launch-1.0 -q videotestsrc is-live=true ! video/x-raw,width=320,height=240,framerate=30/1 ! \
  vp8enc deadline=1 keyframe-max-dist=30 cpu-used=8 ! rtpvp8pay pt=96 ! udpsink host=127.0.0.1 port=${ports[0]} \
  audiotestsrc is-live=true ! audio/x-raw,rate=48000,channels=2 ! opusenc ! rtpopuspay pt=111 ! \
  udpsink host=127.0.0.1 port=${ports[1]} >/dev/null 2>&1 &
feeder=$!

check "streaming list" 0 "^31 +live +yes +cli feed +video:v, audio:a$" -- "$JANUV" streaming list "$U"
check "streaming info" 0 "^stream 1: +audio mid a, opus/48000/2" -- "$JANUV" streaming info "$U" 31
check "streaming info of a missing mountpoint" 1 "error 455" -- "$JANUV" streaming info "$U" 404
check "streaming watch --record" 0 "^\[  3s\] connected .* video +[1-9][0-9]* frames" -- \
  "$JANUV" streaming watch "$U" 31 --seconds 3 --record "$tmp/watch.mkv"
check "the recording decodes" 0 "^decoded$" -- bash -c "gst-launch-1.0 -q filesrc location=\"$tmp/watch.mkv\" ! \
  matroskademux ! vp8dec ! fakesink && echo decoded"
check "streaming watch of a missing mountpoint" 1 "error 455" -- "$JANUV" streaming watch "$U" 404 --seconds 1
check "streaming usage" 2 "unknown action" -- "$JANUV" streaming frobnicate "$U"
kill "$feeder"; wait "$feeder" 2>/dev/null; feeder=
check "streaming watch without a source: exit 4" 4 "no media came" -- "$JANUV" streaming watch "$U" 31 --seconds 2

# Two participants in one room: the second hears the first, the first sees the second come and go.
"$JANUV" request --wait 0 "$U" janus.plugin.audiobridge \
  "{\"request\":\"create\",\"room\":77,\"description\":\"cli room\"}" >/dev/null
"$JANUV" audiobridge join "$U" 77 --seconds 6 --display first --id 1 > "$tmp/first.log" 2>&1 &
first=$!
wait_for "$tmp/first.log" "^joined room 77 as 1 "
check "audiobridge participants" 0 "^1 +first +" -- "$JANUV" audiobridge participants "$U" 77
check "audiobridge list" 0 "^77 +1 +16000 +no +no +cli room" -- "$JANUV" audiobridge list "$U"
check "audiobridge join hears the other" 0 \
  "^summary: 3 s, .* audio [1-9][0-9]* buffers decoded \([1-9][0-9]* audible\).*, 1 other in the room" -- \
  "$JANUV" audiobridge join "$U" 77 --seconds 3 --display second --audio test:square
wait "$first"; st=$?
checks=$((checks + 1))
if [ "$st" -eq 0 ] && grep -q "^joined: .* second" "$tmp/first.log" && grep -q "^leaving: " "$tmp/first.log"; then
  echo "ok $checks - the first participant saw the second come and go"
else
  echo "not ok $checks - first participant (status $st)"; sed "s/^/    /" "$tmp/first.log"; fails=$((fails + 1))
fi
check "audiobridge join of a missing room" 1 "error 485" -- "$JANUV" audiobridge join "$U" 404 --seconds 1
finish
'
