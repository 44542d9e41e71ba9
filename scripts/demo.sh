#!/usr/bin/env bash
# The januv demo: builds januv, starts a private Janus on 127.0.0.1 with the project's config, runs
# the januv CLI against it (server info, ping, a whole session cycle with the EchoTest plugin) and
# stops Janus again.
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
  echo "== januv request $JANUS_WS_URL janus.plugin.echotest {\"audio\":false}"
  "$JANUV" request --wait 1 "$JANUS_WS_URL" janus.plugin.echotest "{\"audio\":false}"
  echo
  echo "== done: Janus is stopped on exit"
'
