#!/usr/bin/env bash
# Installs and starts Swarmhost on a fresh machine: checks Node/pnpm, starts local
# PostgreSQL/Redis when needed, installs dependencies, migrates, seeds the demo
# tenant, builds, and runs the platform's compiled processes in the foreground
# (Ctrl-C stops them).
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
log "building every process (compiled JavaScript, the standalone site)"
NEXT_TELEMETRY_DISABLED=1 pnpm build
exec bash scripts/start.sh
