#!/usr/bin/env bash
# The public headers as shipped: every header under include/ is installed, <januv.h> includes them all,
# and every declaration (JANUV_EXTERN) sits inside JANUV_BEGIN_DECLS/JANUV_END_DECLS (extern "C").
# usage: test_headers.sh INCLUDE_DIR INSTALLED_HEADER...   (installed names relative to include/)
set -uo pipefail
inc=$1
shift
installed=("$@")
failures=0
fail() { echo "FAIL $*"; failures=$((failures + 1)); }
ok() { echo "ok   $*"; }
is_installed() { printf '%s\n' "${installed[@]}" | grep -qx "$1"; }

while read -r h; do
  is_installed "$h" && ok "$h installed" || fail "$h is in include/ but not installed (include/**/meson.build)"
done < <(cd "$inc" && find . -name '*.h' | sed 's|^\./||' | sort)

for h in "${installed[@]}"; do
  [ "$h" = januv.h ] && continue
  grep -Eq "#include [\"<]$h[\">]" "$inc/januv.h" && ok "januv.h includes $h" || fail "januv.h does not include $h"
  [ -f "$inc/$h" ] || continue # generated (version.h: macros only)
  # Inside the guards: JANUV_BEGIN_DECLS ... JANUV_END_DECLS, once each, and every JANUV_EXTERN between them.
  awk -v h="$h" '
    /^JANUV_BEGIN_DECLS/ { begin++; inside = 1 }
    /^JANUV_END_DECLS/ { end++; inside = 0 }
    /^[^ *\/#].*JANUV_EXTERN|^JANUV_EXTERN/ && !inside { printf "FAIL %s:%d: JANUV_EXTERN outside extern \"C\"\n", h, NR; bad++ }
    END {
      if (begin != 1 || end != 1) { printf "FAIL %s: %d JANUV_BEGIN_DECLS, %d JANUV_END_DECLS (want 1 each)\n", h, begin, end; bad++ }
      if (!bad) printf "ok   %s: declarations inside extern \"C\"\n", h
      exit bad ? 1 : 0
    }' "$inc/$h" || failures=$((failures + 1))
done

echo "$failures failures"
[ "$failures" -eq 0 ]
