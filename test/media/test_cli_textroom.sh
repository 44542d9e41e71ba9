#!/usr/bin/env bash
# `januv textroom chat` against a private Janus: two instances in one room, each reading its lines from a
# FIFO (stdin read on the loop), talking both ways: public lines, a private /msg, joins and leaves; the end
# of stdin leaves the room and exits 0.
# usage: test_cli_textroom.sh JANUV_BIN JANUV_TEST_JANUS_BIN
set -uo pipefail
JANUV=$1
RUN=$2
CLI_LIB=$(cd "$(dirname "${BASH_SOURCE[0]}")/../janus" && pwd)/cli_lib.sh
export JANUV CLI_LIB

exec "$RUN" --name cli-textroom -- bash -uo pipefail -c '
. "$CLI_LIB"
dir=$(mktemp -d)
trap "kill \$pa \$pb 2>/dev/null; rm -rf \"\$dir\"" EXIT
mkfifo "$dir/a.in" "$dir/b.in"
ok() { checks=$((checks + 1)); if "$@"; then echo "ok $checks - ${what}"; else echo "not ok $checks - ${what}"; fails=$((fails + 1)); fi; }
"$JANUV" textroom chat "$JANUS_WS_URL" 4242 --create --username alice <"$dir/a.in" >"$dir/a.out" 2>&1 &
pa=$!
exec 3>"$dir/a.in"
what="alice joined"; ok wait_for "$dir/a.out" "^joined 4242 as alice; in the room: nobody else$"
"$JANUV" textroom chat "$JANUS_WS_URL" 4242 --create --username bob --display "Bob B." <"$dir/b.in" >"$dir/b.out" 2>&1 3>&- &
pb=$!
exec 4>"$dir/b.in"
what="bob joined";   ok wait_for "$dir/b.out" "^joined 4242 as bob; in the room: alice$"
what="alice sees bob join"; ok wait_for "$dir/a.out" "^\* bob joined$"
echo "hello from alice" >&3
echo "{\"json\": [1, 2], \"quote\": \"\\\\\"\"} ünïcødé ✓" >&3
what="bob reads alice"; ok wait_for "$dir/b.out" "^<alice> hello from alice$"
what="bob reads alice, bytes intact"; ok grep -qxF "<alice> {\"json\": [1, 2], \"quote\": \"\\\\\"\"} ünïcødé ✓" "$dir/b.out"
echo "hi alice, bob here" >&4
what="alice reads bob"; ok wait_for "$dir/a.out" "^<bob> hi alice, bob here$"
echo "/msg bob just for you" >&3
what="bob gets the private line"; ok wait_for "$dir/b.out" "^<alice> \(private\) just for you$"
echo "/who" >&4
what="who"; ok wait_for "$dir/b.out" "^\* in the room:( [a-z]+){2}$"
what="order kept"; ok bash -c "grep -n \"^<alice>\" \"$dir/b.out\" | head -2 | cut -d: -f1 | sort -nc"
exec 3>&-
wait $pa; st=$?
what="alice exits 0 at the end of stdin (status $st)"; ok test "$st" -eq 0
what="bob sees alice leave"; ok wait_for "$dir/b.out" "^\* alice left$"
echo "/quit" >&4
wait $pb; st=$?
what="bob exits 0 on /quit (status $st)"; ok test "$st" -eq 0
what="private line only at bob"; ok bash -c "! grep -q \"just for you\" \"$dir/a.out\""
if [ "$fails" -gt 0 ]; then echo "--- alice"; cat "$dir/a.out"; echo "--- bob"; cat "$dir/b.out"; fi
finish
'
