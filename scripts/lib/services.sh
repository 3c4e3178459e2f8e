# Shared by up.sh and test-all.sh: make sure Node, pnpm, PostgreSQL and Redis are
# there, starting local services from binaries on this machine when they are not
# running, and stopping with one message that says how to get them otherwise.
# shellcheck shell=bash

PNPM_VERSION=12.21.0

log() { printf '\033[1m[swarmhost]\033[0m %s\n' "$*"; }
fail() { printf '\033[31m[swarmhost] %s\033[0m\n' "$*" >&2; exit 1; }

db_url() { printf '%s' "${DATABASE_URL:-postgresql://postgres@127.0.0.1:5432/swarmhost}"; }
redis_url() { printf '%s' "${REDIS_URL:-redis://127.0.0.1:6379}"; }

# host and port out of a URL like scheme://user@host:port/db
url_host() { node -e 'const u=new URL(process.argv[1]);process.stdout.write(u.hostname.replace(/^\[|\]$/g,""))' "$1"; }
url_port() { node -e 'const u=new URL(process.argv[1]);process.stdout.write(u.port||process.argv[2])' "$1" "$2"; }

tcp_open() { # host port
  node -e 'const s=require("net").connect(+process.argv[2],process.argv[1]);s.on("connect",()=>process.exit(0));s.on("error",()=>process.exit(1));setTimeout(()=>process.exit(1),1500)' "$1" "$2"
}

ensure_node() {
  command -v node >/dev/null || fail "Node.js 20.19+ is required: install it from your distribution (apt-get install nodejs) or nodejs.org."
  node -e 'const [a,b]=process.versions.node.split(".").map(Number);process.exit(a>20||(a===20&&b>=19)?0:1)' \
    || fail "Node.js 20.19+ is required; found $(node -v)."
  if ! command -v pnpm >/dev/null || [ "$(pnpm -v 2>/dev/null)" != "$PNPM_VERSION" ]; then
    log "installing pnpm $PNPM_VERSION"
    npm install -g "pnpm@$PNPM_VERSION" >/dev/null 2>&1 || fail "could not install pnpm: run 'npm install -g pnpm@$PNPM_VERSION'."
  fi
}

ensure_postgres() {
  local url host port
  url=$(db_url); host=$(url_host "$url"); port=$(url_port "$url" 5432)
  if tcp_open "$host" "$port"; then return 0; fi
  if [ "$host" = 127.0.0.1 ] || [ "$host" = localhost ]; then
    if command -v pg_ctlcluster >/dev/null && [ -d /etc/postgresql ]; then
      log "starting PostgreSQL ($(ls /etc/postgresql | head -1))"
      pg_ctlcluster --skip-systemctl-redirect "$(ls /etc/postgresql | head -1)" main start >/dev/null 2>&1 || true
      for _ in $(seq 1 30); do tcp_open "$host" "$port" && return 0; sleep 0.5; done
    fi
  fi
  fail "PostgreSQL is not reachable at $host:$port and could not be started from this machine. Install PostgreSQL 15+ (apt-get install postgresql && pg_ctlcluster 15 main start), or run 'docker compose -f infra/docker-compose.services.yml up -d', or set DATABASE_URL to a server you have (trust or password auth for a superuser)."
}

ensure_redis() {
  local url host port
  url=$(redis_url); host=$(url_host "$url"); port=$(url_port "$url" 6379)
  if tcp_open "$host" "$port"; then return 0; fi
  if { [ "$host" = 127.0.0.1 ] || [ "$host" = localhost ]; } && command -v redis-server >/dev/null; then
    log "starting Redis on $port"
    redis-server --daemonize yes --bind 127.0.0.1 --port "$port" --save "" --appendonly no >/dev/null 2>&1 || true
    for _ in $(seq 1 20); do tcp_open "$host" "$port" && return 0; sleep 0.25; done
  fi
  fail "Redis is not reachable at $host:$port and could not be started from this machine. Install Redis 7 (apt-get install redis-server), or run 'docker compose -f infra/docker-compose.services.yml up -d', or set REDIS_URL."
}

install_workspace() {
  export TURBO_TELEMETRY_DISABLED=1 NEXT_TELEMETRY_DISABLED=1
  log "installing dependencies (pnpm install)"
  if [ -n "${CI:-}" ]; then pnpm install --frozen-lockfile; else pnpm install; fi
}

migrate_database() {
  log "migrating the database"
  pnpm db:migrate
}
