#!/usr/bin/env bash
# Packaging: `meson install --destdir` into a scratch root, then build the README's example program
# out of tree with `pkg-config --cflags --libs januv` and run it against a private Janus.
# usage: test_install.sh SOURCE_ROOT BUILD_ROOT JANUV_TEST_JANUS_BIN
set -euo pipefail
src=$1 build=$2 run=$3
mkdir -p "$build/test-tmp" # first test of a fresh build dir (e.g. meson test --suite packaging)
work=$(mktemp -d "$build/test-tmp/install.XXXXXX")
trap 'rm -rf "$work"' EXIT

DESTDIR="$work/root" meson install -C "$build" --quiet --no-rebuild >/dev/null
prefix=$(meson introspect "$build" --buildoptions | python3 -c 'import json,sys; print([o["value"] for o in json.load(sys.stdin) if o["name"]=="prefix"][0])')
pcdir=$(dirname "$(find "$work/root" -name januv.pc | head -1)")
[ -f "$pcdir/januv.pc" ] || { echo "januv.pc not installed"; exit 1; }
for h in januv.h januv/version.h januv/client.h januv/session.h januv/handle.h januv/errors.h januv/transport.h; do
  [ -f "$work/root$prefix/include/$h" ] || { echo "header $h not installed"; exit 1; }
done
[ -x "$work/root$prefix/bin/januv" ] || { echo "januv CLI not installed"; exit 1; }

# The README's example, extracted from the first ```c block.
awk '/^```c$/{f=1;next} /^```$/{if(f){exit}} f' "$src/README.md" > "$work/hello.c"
grep -q januv_client_new "$work/hello.c" || { echo "README example not found"; exit 1; }

export PKG_CONFIG_PATH="$pcdir"
pc=(pkg-config "--define-variable=prefix=$work/root$prefix")
cflags=$("${pc[@]}" --cflags januv)
libs=$("${pc[@]}" --libs januv)
cc -Wall -Wextra -Werror $cflags "$work/hello.c" -o "$work/hello" $libs
libdir=$("${pc[@]}" --variable=libdir januv)
echo "built the README example with: cc $cflags hello.c $libs"

# C++ can include the headers too.
printf '#include <januv.h>\nint main() { return januv_version()[0] == 0; }\n' > "$work/cxx.cc"
if command -v c++ >/dev/null; then
  c++ -Wall -Werror $cflags "$work/cxx.cc" -o "$work/cxx" $libs
  LD_LIBRARY_PATH="$libdir" "$work/cxx"
fi

out=$(LD_LIBRARY_PATH="$libdir" "$run" --name install -- bash -c '"$0" "$JANUS_WS_URL"' "$work/hello")
echo "$out"
grep -q '^session [0-9]\+$' <<<"$out"
grep -q '^echotest says: ok$' <<<"$out"
