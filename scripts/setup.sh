#!/usr/bin/env bash
# Shared set-up of scripts/test.sh and scripts/demo.sh: installs the Debian packages januv needs
# (only the missing ones), then configures and builds into $BUILD_DIR (default: build).
# Extra meson options: MESON_ARGS="-Dwerror=true ...".
set -euo pipefail

JANUV_ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
BUILD_DIR=${BUILD_DIR:-$JANUV_ROOT/build}

JANUV_PACKAGES=(
  gcc g++ pkg-config meson ninja-build python3
  libuv1-dev libcjson-dev libwslay-dev uthash-dev libssl-dev openssl node-llhttp
  janus coturn
  libgstreamer1.0-dev libgstreamer-plugins-base1.0-dev libgstreamer-plugins-bad1.0-dev
  gstreamer1.0-tools gstreamer1.0-plugins-base gstreamer1.0-plugins-good gstreamer1.0-plugins-bad
  gstreamer1.0-nice gstreamer1.0-libav libgstrtspserver-1.0-dev
  clang libclang-rt-14-dev
  sip-tester
  groff-base
)

januv_install_packages() {
  local missing=() p
  for p in "${JANUV_PACKAGES[@]}" "$@"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
  done
  ((${#missing[@]})) || return 0
  echo "== installing: ${missing[*]}"
  local sudo=()
  [ "$(id -u)" -eq 0 ] || sudo=(sudo)
  "${sudo[@]}" apt-get update -q
  DEBIAN_FRONTEND=noninteractive "${sudo[@]}" apt-get install -y -q --no-install-recommends "${missing[@]}"
}

januv_build() {
  # shellcheck disable=SC2086
  if [ -f "$BUILD_DIR/build.ninja" ]; then
    meson setup --reconfigure "$BUILD_DIR" "$JANUV_ROOT" ${MESON_ARGS:-} >/dev/null
  else
    meson setup "$BUILD_DIR" "$JANUV_ROOT" ${MESON_ARGS:-}
  fi
  meson compile -C "$BUILD_DIR"
}
