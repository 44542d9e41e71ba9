#!/usr/bin/env bash
# The shared library's ABI surface: a versioned SONAME, only januv_* symbols exported (plus the version
# node of lib/januv.map), every one of them bound to that node, and every function the public headers
# declare with JANUV_EXTERN actually exported.
# usage: test_exports.sh LIBJANUV_SO SOVERSION VERSION MAP_FILE INCLUDE_DIR
set -uo pipefail
lib=$1 soversion=$2 version=$3 map=$4 inc=$5
failures=0
fail() { echo "FAIL $*"; failures=$((failures + 1)); }
ok() { echo "ok   $*"; }

# The version script: a node, januv_* global, everything else local.
nodes=$(sed -n 's/^[[:space:]]*\([A-Za-z_][A-Za-z0-9_.]*\)[[:space:]]*{.*/\1/p' "$map")
[ -n "$nodes" ] && ok "version nodes in $(basename "$map"): $(echo $nodes)" || fail "no version node in $map"
grep -Eq '^[[:space:]]*januv_\*;' "$map" && grep -Eq '^[[:space:]]*local:' "$map" &&
  grep -Eq '^[[:space:]]*\*;' "$map" && ok "$(basename "$map"): januv_* global, the rest local" ||
  fail "$map does not export januv_* and hide the rest"

# The file and its links: libjanuv.so.VERSION, libjanuv.so.SOVERSION (the SONAME), libjanuv.so (for -ljanuv).
dir=$(dirname "$lib")
real=$(readlink -f "$lib")
[ "$(basename "$real")" = "libjanuv.so.$version" ] && ok "file libjanuv.so.$version" ||
  fail "the library file is $(basename "$real"), want libjanuv.so.$version (meson: version:)"
soname=$(readelf -d "$real" | sed -n 's/.*(SONAME).*\[\(.*\)\].*/\1/p')
[ "$soname" = "libjanuv.so.$soversion" ] && ok "SONAME $soname" ||
  fail "SONAME '$soname', want libjanuv.so.$soversion (meson: soversion:)"
[[ $soname =~ ^libjanuv\.so\.[0-9]+$ ]] || fail "SONAME '$soname' is not versioned"
[ "$(readlink -f "$dir/$soname")" = "$real" ] && ok "$soname -> $(basename "$real")" || fail "no $soname link"
[ "$(readlink -f "$dir/libjanuv.so")" = "$real" ] && ok "libjanuv.so -> $(basename "$real")" || fail "no libjanuv.so link"

# Every exported symbol: januv_NAME@@NODE, or the node itself (an absolute symbol).
exported=0 bad=0
while read -r _ type sym; do
  name=${sym%%@*} node=${sym#*@@}
  if [ "$type" = A ] && grep -qx "$name" <<<"$nodes"; then
    continue
  fi
  exported=$((exported + 1))
  if [[ $name != januv_* ]]; then
    fail "exported symbol without the januv_ prefix: $sym ($type)"
    bad=$((bad + 1))
  elif [[ $sym != *@@* ]] || ! grep -qx "$node" <<<"$nodes"; then
    fail "$sym is not bound to a version node of $(basename "$map")"
    bad=$((bad + 1))
  fi
done < <(nm -D --defined-only "$real" | awk 'NF == 3')
[ "$exported" -gt 100 ] && [ "$bad" -eq 0 ] && ok "$exported symbols exported, all januv_*@@node" ||
  fail "$exported symbols exported, $bad of them bad"
# Exported functions against the ones the public headers declare (JANUV_EXTERN ... januv_NAME(): the same set.
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
nm -D --defined-only "$real" | awk 'NF == 3 && $2 != "A" {sub(/@.*/, "", $3); print $3}' | sort -u >"$tmp/exported"
find "$inc" -name '*.h' -exec cat {} + | tr '\n' ' ' | grep -oE 'JANUV_EXTERN[^;{(]*\(' |
  grep -oE 'januv_[A-Za-z0-9_]+[[:space:]]*\($' | tr -d ' (' | sort -u >"$tmp/declared"
[ "$(wc -l <"$tmp/declared")" -gt 100 ] && ok "$(wc -l <"$tmp/declared") functions declared in $inc" ||
  fail "only $(wc -l <"$tmp/declared") JANUV_EXTERN functions found in $inc"
for fn in $(comm -23 "$tmp/declared" "$tmp/exported"); do fail "$fn: declared in a public header, not exported"; done
for fn in $(comm -13 "$tmp/declared" "$tmp/exported"); do fail "$fn: exported, declared in no public header"; done
[ -z "$(comm -3 "$tmp/declared" "$tmp/exported")" ] && ok "exported = declared"

echo "$failures failures"
[ "$failures" -eq 0 ]
