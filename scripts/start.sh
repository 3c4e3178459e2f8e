#!/usr/bin/env bash
# Runs the platform's processes together in the foreground; Ctrl-C or SIGTERM stops
# them all (each drains gracefully).
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/lib/services.sh

pids=()
stop() { for pid in "${pids[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done; wait; }
trap stop INT TERM

start_app() { # name, package
  log "starting $1"
  pnpm --filter "$2" run start &
  pids+=("$!")
}

start_app tracker @swarmhost/tracker
start_app web @swarmhost/web
start_app realtime @swarmhost/realtime
log "tracker announce URL base: ${PUBLIC_TRACKER_URL:-http://127.0.0.1:6969}"
log "site: http://demo.localhost:${WEB_PORT:-3000} (operator console: http://localhost:${WEB_PORT:-3000})"
wait
