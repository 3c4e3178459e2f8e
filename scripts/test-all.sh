#!/usr/bin/env bash
# Installs everything the tests need on a fresh machine of this kind (Debian
# packages for real BitTorrent clients, reference trackers, Chromium and docker-compose; Node
# dependencies; services; migrations) and runs every check: lint, typecheck, tests.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/lib/services.sh

DEBIAN_PACKAGES=(mktorrent transmission-cli aria2 wrk opentracker chromium docker-compose)
install_debian_packages() {
  local missing=()
  for pkg in "${DEBIAN_PACKAGES[@]}"; do
    dpkg -s "$pkg" >/dev/null 2>&1 || missing+=("$pkg")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  if [ "$(id -u)" -ne 0 ] || ! command -v apt-get >/dev/null; then
    log "missing Debian packages (${missing[*]}): install them with apt-get; tests that need them will fail"
    return 0
  fi
  log "installing Debian packages: ${missing[*]}"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
}

install_debian_packages
ensure_node
ensure_postgres
ensure_redis
install_workspace
migrate_database

rm -f packages/*/.test-report*.json apps/*/.test-report*.json tooling/*/.test-report*.json
log "lint"
pnpm lint
log "typecheck"
pnpm typecheck
log "tests"
status=0
# --continue: every package runs even when one fails, so the summary is complete.
pnpm test --continue -- --reporter=default --reporter=json --outputFile.json=.test-report.json || status=$?
node scripts/lib/test-summary.mjs || true
exit $status
