#!/usr/bin/env bash
# The januv demo: builds januv, starts a private Janus on 127.0.0.1 with the project's config, runs
# the januv CLI against it (server info, ping, five seconds of real media echoed by the EchoTest plugin,
# the Admin API) and stops Janus again.
set -euo pipefail
. "$(dirname "${BASH_SOURCE[0]}")/setup.sh"

januv_install_packages
januv_build >/dev/null

JANUV="$BUILD_DIR/tools/januv"
export JANUV

exec "$BUILD_DIR/test/janus/januv-test-janus" --name demo -- bash -euo pipefail -c '
  echo "== private Janus (pid $JANUS_PID) listening on $JANUS_WS_URL"
  echo
  echo "== januv info $JANUS_WS_URL"
  "$JANUV" info "$JANUS_WS_URL"
  echo
  echo "== januv ping $JANUS_WS_URL"
  "$JANUV" ping "$JANUS_WS_URL"
  echo
  echo "== januv echotest $JANUS_WS_URL --seconds 5 (real media: VP8 and Opus out, echoed back, decoded)"
  "$JANUV" echotest "$JANUS_WS_URL" --seconds 5
  echo
  echo "== januv sessions $JANUS_ADMIN_HTTP_URL (Admin API, while another januv holds a session)"
  "$JANUV" request --wait 2 "$JANUS_WS_URL" janus.plugin.echotest "{}" >"$JANUS_DIR/demo-request.out" &
  for i in $(seq 100); do grep -q attached "$JANUS_DIR/demo-request.out" && break; sleep 0.1; done
  JANUV_ADMIN_SECRET=$JANUS_ADMIN_SECRET "$JANUV" sessions "$JANUS_ADMIN_HTTP_URL"
  wait
  echo
  echo "== done: Janus is stopped on exit"
'
