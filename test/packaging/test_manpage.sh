#!/usr/bin/env bash
# The januv(1) man page (tools/januv.1):
#   lint     - groff renders it with every warning on (-ww) and says nothing; mandoc -Tlint too when
#              installed; man -l renders it
#   commands - every command `januv --help` lists has its entry (a tagged paragraph under COMMANDS) with
#              every option its own --help shows; every global option and environment variable of
#              `januv --help` is documented
#   installed - `meson install` puts it in share/man/man1
# usage: test_manpage.sh lint|commands|installed MAN_PAGE [JANUV_BIN | BUILD_DIR]
set -uo pipefail
what=$1 page=$2 arg=${3:-}
failures=0
fail() { echo "FAIL $*"; failures=$((failures + 1)); }
ok() { echo "ok   $*"; }

case $what in
lint)
  command -v groff >/dev/null || { echo "groff not installed (Debian: groff-base): skipped"; exit 77; }
  warnings=$(groff -man -Tutf8 -ww -z "$page" 2>&1 >/dev/null)
  [ -z "$warnings" ] && ok "groff -man -Tutf8 -ww: no warnings" || fail "groff -ww warns:"$'\n'"$warnings"
  if command -v mandoc >/dev/null; then
    warnings=$(mandoc -Tlint -W warning "$page" 2>&1)
    [ -z "$warnings" ] && ok "mandoc -Tlint: no warnings" || fail "mandoc -Tlint warns:"$'\n'"$warnings"
  fi
  if command -v man >/dev/null; then
    rendered=$(MANWIDTH=80 man --warnings -l "$page" 2>"${TMPDIR:-/tmp}/januv-man.$$")
    warnings=$(cat "${TMPDIR:-/tmp}/januv-man.$$")
    rm -f "${TMPDIR:-/tmp}/januv-man.$$"
    [ -z "$warnings" ] && grep -q "^NAME" <<<"$rendered" && ok "man -l renders it" || fail "man -l:"$'\n'"$warnings"
  fi
  grep -q '^\.TH JANUV 1 ' "$page" && ok ".TH JANUV 1" || fail "no .TH JANUV 1 line"
  ;;
commands)
  januv=$arg
  command -v groff >/dev/null || { echo "groff not installed (Debian: groff-base): skipped"; exit 77; }
  text=$(groff -man -Tascii -P-cbou "$page" 2>/dev/null)
  # The text of one section, or of one command's entry (from its tag line, indented 7 spaces, to the next).
  section() { awk -v s="$1" '/^[A-Z]/ {on = ($0 == s); next} on' <<<"$text"; }
  entry() {
    section COMMANDS | awk -v c="$1" '
      /^       [^ ]/ { on = ($1 == c) } /^   [^ ]/ { on = 0 } on'  # 7 spaces: an entry; 3: a subsection
  }
  help=$("$januv" --help) || fail "januv --help failed"
  commands=$(awk '/^commands:/ {f = 1; next} /^$/ {f = 0} f {print $1}' <<<"$help")
  [ "$(wc -w <<<"$commands")" -gt 10 ] || fail "found only $(wc -w <<<"$commands") commands in januv --help"
  for cmd in $commands; do
    doc=$(entry "$cmd")
    if [ -z "$doc" ]; then
      fail "command $cmd is not documented (no entry under COMMANDS)"
      continue
    fi
    usage=$("$januv" "$cmd" --help | head -1)
    missing=
    for opt in $(grep -oE '\[--[a-z][a-z0-9-]*' <<<"$usage" | tr -d '['); do
      grep -qE -- "(^|[^a-z-])$opt([^a-z-]|$)" <<<"$doc" || missing+=" $opt"
    done
    [ -z "$missing" ] && ok "$cmd documented, with its options: $(grep -oE '\[--[a-z][a-z0-9-]*' <<<"$usage" | tr -d '[' | tr '\n' ' ')" ||
      fail "$cmd: options not in its entry:$missing"
  done
  options=$(section OPTIONS)
  for opt in $(awk '/^options:/ {f = 1; next} /^$/ {f = 0} f' <<<"$help" | grep -oE '(^|[ ,])--?[a-z][a-z-]*' | tr -d ' ,' | sort -u); do
    grep -qE -- "(^|[^a-z-])$opt([^a-z-]|$)" <<<"$options" && ok "option $opt" || fail "global option $opt not under OPTIONS"
  done
  environment=$(section ENVIRONMENT)
  for var in $(grep -oE 'JANUV_[A-Z_]+' <<<"$help" | sort -u); do
    grep -qw "$var" <<<"$environment" && ok "environment $var" || fail "$var not under ENVIRONMENT"
  done
  ;;
installed)
  build=$arg
  installed=$(meson introspect "$build" --installed) || fail "meson introspect --installed failed"
  grep -qE '"[^"]*/januv\.1": "[^"]*/man1/januv\.1"' <<<"$installed" && ok "januv.1 installed to man1" ||
    fail "januv.1 is not installed to a man1 directory"
  ;;
*)
  echo "unknown check $what"
  exit 2
  ;;
esac

echo "$failures failures"
[ "$failures" -eq 0 ]
