#!/usr/bin/env bash
# `januv videoroom publish` and `januv videoroom record` against a private Janus: two publishers in the
# background (the first creates the room), the recorder writes each to its own file, which decodes again;
# usage errors.
# usage: test_cli_videoroom.sh JANUV_BIN JANUV_TEST_JANUS_BIN
set -euo pipefail
export JANUV=$1
export CLI_LIB=$(cd "$(dirname "$0")/../janus" && pwd)/cli_lib.sh
exec "$2" --name cli-videoroom -- bash -uo pipefail -c '
. "$CLI_LIB"
dir=$(mktemp -d "${JANUV_TEST_TMPDIR:-/tmp}/cli-videoroom.XXXXXX")
"$JANUV" videoroom publish "$JANUS_WS_URL" --room 4242 --create --display alice --seconds 10 >"$dir/pub.log" 2>&1 &
pub=$!
wait_for "$dir/pub.log" "^published in room 4242 as [0-9]+" || { kill $pub; finish; }
"$JANUV" videoroom publish "$JANUS_WS_URL" --room 4242 --id 77 --display bob --source test:snow --seconds 8 \
  >"$dir/pub2.log" 2>&1 &
pub2=$!
wait_for "$dir/pub2.log" "^published in room 4242 as 77; already publishing: [0-9]+" || { kill $pub $pub2; finish; }
check "record"             0 "^recording feed 77 \(bob\) to .*/feed-77\.mkv" -- \
  "$JANUV" videoroom record "$JANUS_WS_URL" --room 4242 --feed all --out "$dir/rec" --seconds 4
checks=$((checks + 1))
n=$(ls "$dir"/rec/feed-*.mkv | wc -l)
[ "$n" -eq 2 ] && echo "ok $checks - a file per publisher" || { echo "not ok $checks - $n files"; fails=$((fails + 1)); }
for f in "$dir"/rec/feed-*.mkv; do
  # decoded again: the frames that reach a fakesink (its last-message says "chain" for each)
  frames=$(gst-launch-1.0 filesrc location="$f" ! decodebin ! video/x-raw ! fakesink sync=false silent=false -v \
           2>/dev/null | grep -c "last-message = chain" || true)
  checks=$((checks + 1))
  [ "$frames" -gt 30 ] && echo "ok $checks - $(basename "$f") decodes: $frames video frames" ||
    { echo "not ok $checks - $(basename "$f") decodes: $frames video frames"; fails=$((fails + 1)); }
done
wait $pub2 || { echo "not ok - second publisher failed"; fails=$((fails + 1)); }
wait $pub; rc=$?
checks=$((checks + 1))
if [ $rc -eq 0 ] && grep -qE "^\[ +3s\] connected .*sent [1-9][0-9]* video frames" "$dir/pub.log" &&
   grep -qE "^summary: 10 s" "$dir/pub.log"; then
  echo "ok $checks - publish ran 10 s with progress lines"
else
  echo "not ok $checks - publish (exit $rc)"; sed "s/^/    /" "$dir/pub.log"; fails=$((fails + 1))
fi
# A feed that leaves mid-recording is saved while the others keep recording; when it comes back it is recorded
# again, to a file of its own; SIGINT then ends the recording as its time would: the summary, every file
# finalized, exit 0. Each step waits for the recorder to say it decoded something from the feed.
"$JANUV" videoroom publish "$JANUS_WS_URL" --room 4243 --create --id 81 --seconds 300 >"$dir/pub3.log" 2>&1 &
pub3=$!
wait_for "$dir/pub3.log" "^published in room 4243 as 81" || { kill $pub3; finish; }
stdbuf -oL "$JANUV" videoroom record "$JANUS_WS_URL" --room 4243 --feed all --out "$dir/rec2" --seconds 300 \
  >"$dir/rec2.log" 2>&1 &
rec=$!
wait_for "$dir/rec2.log" "^recording feed 81 " || { kill $pub3 $rec; finish; }
# wait_from FILE LINE PATTERN: like wait_for, for lines from LINE on
wait_from() {
  for i in $(seq 150); do
    tail -n +"$2" "$1" | grep -qE -- "$3" && return 0
    sleep 0.1
  done
  echo "# timed out waiting for /$3/ from line $2 of $1:"; sed "s/^/#   /" "$1"
  return 1
}
for round in 1 2; do
  from=$(($(wc -l <"$dir/rec2.log") + 1))
  "$JANUV" videoroom publish "$JANUS_WS_URL" --room 4243 --id 82 --source test:snow --seconds 300 \
    >"$dir/pub4-$round.log" 2>&1 &
  pub4=$!
  file=feed-82.mkv; [ $round = 1 ] || file=feed-82-2.mkv
  wait_from "$dir/rec2.log" $from "^recording feed 82 .*/$file" &&
    wait_from "$dir/rec2.log" $from "feed 82 +[a-z]+ +video +[1-9]" || { kill $pub3 $rec $pub4; finish; }
  kill -INT $pub4; wait $pub4
  checks=$((checks + 1))
  if wait_for "$dir/rec2.log" "^saved .*/$file"; then echo "ok $checks - round $round: the feed that left is saved"
  else echo "not ok $checks - round $round: the feed that left is saved"; fails=$((fails + 1)); fi
done
kill -INT $rec 2>/dev/null; wait $rec; rc=$?
kill -INT $pub3 2>/dev/null; wait $pub3; rc3=$?
checks=$((checks + 1))
frames=0
for f in feed-81 feed-82 feed-82-2; do
  n=$(gst-launch-1.0 filesrc location="$dir/rec2/$f.mkv" ! decodebin ! video/x-raw ! fakesink sync=false \
      silent=false -v 2>/dev/null | grep -c "last-message = chain" || true)
  [ "$n" -gt 0 ] || frames=-1
  [ $frames -lt 0 ] || frames=$((frames + n))
done
if [ $rc -eq 0 ] && grep -q "interrupted" "$dir/rec2.log" && grep -qE "^saved .*/feed-81\.mkv" "$dir/rec2.log" &&
   grep -qE "^summary: [0-9]+ s, 3 feeds recorded" "$dir/rec2.log" && [ "$frames" -gt 30 ]; then
  echo "ok $checks - three recordings, all finalized by SIGINT ($frames frames)"
else
  echo "not ok $checks - recording across leaves (exit $rc, frames $frames)"; sed "s/^/    /" "$dir/rec2.log"
  fails=$((fails + 1))
fi
checks=$((checks + 1))
if [ $rc3 -eq 0 ] && grep -qE "^summary: [0-9]+ s" "$dir/pub3.log"; then echo "ok $checks - SIGINT ends a publisher cleanly"
else echo "not ok $checks - publisher after SIGINT (exit $rc3)"; sed "s/^/    /" "$dir/pub3.log"; fails=$((fails + 1)); fi
check "no such room"       1 "error 426" -- "$JANUV" videoroom publish "$JANUS_WS_URL" --room 999 --seconds 1
check "record wants --out" 2 "--out DIR is required" -- "$JANUV" videoroom record "$JANUS_WS_URL" --room 4242
check "wants --room"       2 "--room R is required" -- "$JANUV" videoroom publish "$JANUS_WS_URL"
check "bad action"         2 "publish or record" -- "$JANUV" videoroom frob "$JANUS_WS_URL" --room 1
finish
'
