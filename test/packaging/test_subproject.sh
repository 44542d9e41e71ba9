#!/usr/bin/env bash
# januv as a meson subproject: a scratch project with subprojects/januv -> this source tree asks for
# dependency('januv') with the subproject as fallback (januv's meson.build declares it with
# meson.override_dependency()), builds a program against it and runs it. The subproject is built with
# tests, tools and media off, as a consumer would.
# usage: test_subproject.sh SOURCE_ROOT BUILD_ROOT
set -euo pipefail
src=$1 build=$2
mkdir -p "$build/test-tmp"
work=$(mktemp -d "$build/test-tmp/subproject.XXXXXX")
trap 'rm -rf "$work"' EXIT

mkdir -p "$work/consumer/subprojects"
# Only januv: its own llhttp fallback (subprojects/llhttp in januv's tree) is found by meson as a nested
# subproject.
ln -s "$src" "$work/consumer/subprojects/januv"

cat >"$work/consumer/meson.build" <<'MESON'
project('januv-consumer', 'c', version: '1.0', default_options: ['warning_level=3', 'werror=true'])
januv_dep = dependency('januv', version: '>= 0.1.0', fallback: 'januv',
  default_options: ['tests=false', 'tools=false', 'media=disabled'])
test('consumer', executable('consumer', 'consumer.c', dependencies: januv_dep))
MESON

cat >"$work/consumer/consumer.c" <<'C'
/* Links januv from the subproject (-Wall -Wextra -Wpedantic -Werror). */
#include <januv.h>
#include <stdio.h>
#include <string.h>

static int status = 1;

static void on_info(const januv_reply *r, void *data) {
  /* nothing listens on port 1: the request fails with the connection's error */
  printf("info: %s\n", januv_err_name(r->status));
  if (r->status == JANUV_ECONNREFUSED) status = 0;
  januv_client_close(data, NULL, NULL);
}

int main(void) {
  printf("januv %s (headers %s), media %d\n", januv_version(), JANUV_VERSION_STRING, JANUV_HAVE_MEDIA);
  if (strcmp(januv_version(), JANUV_VERSION_STRING) != 0) return 1;
  januv_peer *peer;
  if (januv_peer_new(uv_default_loop(), NULL, NULL, NULL, &peer) != JANUV_ENOMEDIA) return 1;
  januv_client *client;
  if (januv_client_new(uv_default_loop(), "ws://127.0.0.1:1", NULL, &client) != 0) return 1;
  if (januv_client_info(client, on_info, client) != 0) return 1;
  uv_run(uv_default_loop(), UV_RUN_DEFAULT);
  return uv_loop_close(uv_default_loop()) == 0 ? status : 1;
}
C

cd "$work/consumer"
# --force-fallback-for: the subproject even where an installed januv.pc would be found.
meson setup --force-fallback-for=januv "$work/build" >"$work/setup.log" 2>&1 || { cat "$work/setup.log"; exit 1; }
grep -E "^Dependency januv|Subproject januv" "$work/setup.log" | sed "s/^/setup: /"
meson compile -C "$work/build" >"$work/compile.log" 2>&1 || { tail -50 "$work/compile.log"; exit 1; }
echo "built $(grep -c 'Compiling' "$work/compile.log") objects"
"$work/build/consumer"
