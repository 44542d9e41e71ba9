# Helpers of the CLI test scripts (sourced): TAP-style checks of a command's status and output.
fails=0
checks=0

# check NAME EXPECTED_STATUS PATTERN -- COMMAND...: runs COMMAND, wants its exit status and an
# extended regexp matching a line of its stdout+stderr.
check() {
  local name=$1 want=$2 pat=$3; shift 4
  local out st
  checks=$((checks + 1))
  out=$("$@" 2>&1); st=$?
  if [ "$st" -ne "$want" ] || ! grep -qE -- "$pat" <<<"$out"; then
    echo "not ok $checks - $name (status $st, want $want; pattern /$pat/)"; echo "$out" | sed "s/^/    /"
    fails=$((fails + 1))
  else
    echo "ok $checks - $name"
  fi
}

# check_not NAME PATTERN -- COMMAND...: COMMAND succeeds and no line of its output matches.
check_not() {
  local name=$1 pat=$2; shift 3
  local out st
  checks=$((checks + 1))
  out=$("$@" 2>&1); st=$?
  if [ "$st" -ne 0 ] || grep -qE -- "$pat" <<<"$out"; then
    echo "not ok $checks - $name (status $st; unwanted /$pat/)"; echo "$out" | sed "s/^/    /"
    fails=$((fails + 1))
  else
    echo "ok $checks - $name"
  fi
}

# wait_for FILE PATTERN: waits (up to 15 s) until FILE has a line matching PATTERN.
wait_for() {
  local i
  for i in $(seq 150); do
    grep -qE -- "$2" "$1" 2>/dev/null && return 0
    sleep 0.1
  done
  echo "# timed out waiting for /$2/ in $1:"; sed "s/^/#   /" "$1"
  return 1
}

finish() {
  echo "1..$checks"
  exit $((fails > 0))
}
