#!/usr/bin/env bash
# Runs januv-bench against a private loopback Janus started with the project's config (the demo's),
# over WebSocket and HTTP (add --tls for WSS and HTTPS with a throw-away CA), and stops Janus after.
#   scripts/bench.sh [--tls] [januv-bench options...]   e.g. --workloads W1,W2 --json
# Without options every workload runs (W3 holds 10 000 sessions for 120 s: about eight minutes).
set -euo pipefail
. "$(dirname "${BASH_SOURCE[0]}")/setup.sh"

tls=()
if [ "${1:-}" = --tls ]; then
  tls=(--tls)
  shift
fi
januv_install_packages
januv_build >/dev/null

BENCH="$BUILD_DIR/bench/januv-bench"
export BENCH
exec "$BUILD_DIR/test/janus/januv-test-janus" --name bench "${tls[@]}" -- bash -euo pipefail -c '
  urls=(--ws "$JANUS_WS_URL" --http "$JANUS_HTTP_URL" --admin "$JANUS_ADMIN_WS_URL"
        --admin-secret "$JANUS_ADMIN_SECRET")
  if [ -n "${JANUS_WSS_URL:-}" ]; then
    urls+=(--wss "$JANUS_WSS_URL" --https "$JANUS_HTTPS_URL" --ca-file "$JANUS_CA_FILE")
  fi
  echo "== Janus pid $JANUS_PID on 127.0.0.1; januv-bench ${urls[*]} $*" >&2
  "$BENCH" "${urls[@]}" "$@"
' bench "$@"
