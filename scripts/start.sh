#!/usr/bin/env bash
# Runs the platform's compiled processes together in the foreground (`pnpm build`
# first; scripts/up.sh does both); Ctrl-C or SIGTERM stops them all (each drains
# gracefully). Development runs the sources instead: `pnpm --filter <app> run start`
# (tsx) and `pnpm --filter @swarmhost/web run dev`.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/lib/services.sh

# Checked before anything starts, so a bad value leaves no process behind.
if [ -n "${WEB_SEARCH_LANE_PORT:-}" ]; then
  [[ "$WEB_SEARCH_LANE_PORT" =~ ^[0-9]+$ ]] && [ "$WEB_SEARCH_LANE_PORT" -ge 1 ] && [ "$WEB_SEARCH_LANE_PORT" -le 65535 ] \
    || fail "WEB_SEARCH_LANE_PORT must be a port number (1-65535), got '$WEB_SEARCH_LANE_PORT'"
  [ "$WEB_SEARCH_LANE_PORT" != "${WEB_PORT:-3000}" ] || fail "WEB_SEARCH_LANE_PORT must differ from WEB_PORT (${WEB_PORT:-3000})"
fi

pids=()
stop() { for pid in "${pids[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done; wait; }
trap stop INT TERM
# A later failure (fail exits) stops what was started before it.
trap stop EXIT

start_app() { # name, app folder, compiled entry (relative to the folder), node flags…
  local name=$1 folder=$2 entry=$3
  shift 3
  [ -f "apps/$folder/$entry" ] || fail "apps/$folder/$entry is missing: run 'pnpm build' first (scripts/up.sh builds)."
  log "starting $name (node $entry)"
  (cd "apps/$folder" && exec node "$@" "$entry") &
  pids+=("$!")
}

# The site signs the sockets' tokens and the gateway checks them: both need one secret.
# The site runs with NODE_ENV=production, where the built-in development secret is
# refused, so a run without REALTIME_TOKEN_SECRET gets a random one shared by the
# processes started here. Browsers reach the gateway on REALTIME_PORT (3200).
if [ -z "${REALTIME_TOKEN_SECRET:-}" ]; then
  REALTIME_TOKEN_SECRET=$(node -e 'process.stdout.write(require("crypto").randomBytes(32).toString("hex"))')
  log "REALTIME_TOKEN_SECRET unset: using a random secret for this run"
fi
export REALTIME_TOKEN_SECRET
# Production insists that mail goes somewhere real; this script runs the
# platform on one machine, so without SMTP_URL it keeps mails in the development outbox
# and says so explicitly (ALLOW_DEV_OUTBOX=1). The page answers only this machine
# (loopback) and shows each site only its own mails. A public deployment sets SMTP_URL.
if [ -z "${SMTP_URL:-}" ] && [ -z "${MAIL_TRANSPORT:-}" ]; then
  export MAIL_TRANSPORT=outbox ALLOW_DEV_OUTBOX=1
  log "SMTP_URL unset: ALLOW_DEV_OUTBOX=1, mails go to the development outbox (http://demo.localhost:${WEB_PORT:-3000}/dev/outbox, this machine only)"
fi
# Production also insists on https (Secure cookies). A local run over http://localhost
# allows plain http explicitly; behind TLS set WEB_PROTOCOL=https instead.
if [ "${WEB_PROTOCOL:-http}" != "https" ] && [ -z "${ALLOW_INSECURE_HTTP:-}" ]; then
  export ALLOW_INSECURE_HTTP=1
  log "WEB_PROTOCOL is not https: ALLOW_INSECURE_HTTP=1 for this local run (cookies without Secure)"
fi
export REALTIME_PUBLIC_URL="${REALTIME_PUBLIC_URL:-http://localhost:${REALTIME_PORT:-3200}}"
# The dashboards' flush-lag figure comes from the tracker's /metrics, which listens on
# its own loopback port (TRACKER_METRICS_PORT), not the announce port.
export REALTIME_TRACKER_METRICS_URL="${REALTIME_TRACKER_METRICS_URL:-http://${TRACKER_METRICS_HOST:-127.0.0.1}:${TRACKER_METRICS_PORT:-6970}/metrics}"

# The site's server (site-server.mjs) reads PORT and HOSTNAME; the platform's variable is WEB_PORT.
start_app tracker tracker dist/main.js
# WEB_SEARCH_LANE_PORT=3001: a second site process, on loopback, serves the searches the
# first one passes on (WEB_SEARCH_LANE_URL; README, "Noisy neighbour, the site").
if [ -n "${WEB_SEARCH_LANE_PORT:-}" ]; then
  PORT="$WEB_SEARCH_LANE_PORT" HOSTNAME=127.0.0.1 WEB_SEARCH_LANE_URL= start_app search-lane web .next/standalone/apps/web/site-server.mjs --max-semi-space-size=16 --no-memory-reducer
  export WEB_SEARCH_LANE_URL="http://127.0.0.1:$WEB_SEARCH_LANE_PORT"
fi
export PORT="${WEB_PORT:-3000}" HOSTNAME=0.0.0.0
start_app web web .next/standalone/apps/web/site-server.mjs --max-semi-space-size=16 --no-memory-reducer
start_app realtime realtime dist/main.js
# Notifications and chat system messages of staff decisions and comments (outbox → jobs).
start_app worker worker dist/main.js
log "tracker announce URL base: ${PUBLIC_TRACKER_URL:-http://127.0.0.1:6969} (metrics: $REALTIME_TRACKER_METRICS_URL)"
log "site: http://demo.localhost:${WEB_PORT:-3000} (operator console: http://localhost:${WEB_PORT:-3000})${WEB_SEARCH_LANE_URL:+; searches served by the search lane at $WEB_SEARCH_LANE_URL}"
log "real-time gateway: $REALTIME_PUBLIC_URL"
log "background worker: BullMQ queues under ${WORKER_QUEUE_PREFIX:-swarmhost:bull}"
wait
