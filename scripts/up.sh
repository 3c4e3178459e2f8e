#!/usr/bin/env bash
# Installs and starts Swarmhost on a fresh machine: checks Node/pnpm, starts local
# PostgreSQL/Redis when needed, installs dependencies, migrates, seeds the demo
# tenant and runs the platform's processes in the foreground (Ctrl-C stops them).
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/lib/services.sh

ensure_node
ensure_postgres
ensure_redis
install_workspace
migrate_database
log "seeding the demo tenant"
pnpm db:seed
log "building the web site"
NEXT_TELEMETRY_DISABLED=1 pnpm --filter @swarmhost/web run build
exec bash scripts/start.sh
