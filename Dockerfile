# syntax=docker/dockerfile:1
# One image per process, built from this file by target:
#   docker build --target tracker  -t swarmhost/tracker .   (also realtime, worker, web, cli, migrate)
# The build stages prune the workspace to what the apps need (turbo prune --docker),
# install it, compile each app (tsc-free esbuild bundles, Next's standalone server)
# and take the production dependencies only (pnpm deploy --prod). The runtime stages
# hold node, those dependencies and the compiled output: no pnpm, no tsx, no dev
# dependencies, no sources. They run as the unprivileged `node` user with node itself
# as the command (exec form: SIGTERM reaches it and each process drains); run them with
# `--init` (compose: `init: true`) so a tiny init reaps zombies as PID 1.

ARG NODE_IMAGE=node:20.19-bookworm-slim

FROM ${NODE_IMAGE} AS toolchain
ENV CI=1 TURBO_TELEMETRY_DISABLED=1 NEXT_TELEMETRY_DISABLED=1 PNPM_STORE_DIR=/pnpm-store
RUN npm install --global pnpm@12.21.0 turbo@2.11 && npm cache clean --force
WORKDIR /repo

# Only the workspace packages the apps depend on, package manifests apart from sources
# so the dependency layer survives source edits.
FROM toolchain AS pruned
COPY . .
RUN turbo prune @swarmhost/tracker @swarmhost/realtime @swarmhost/worker @swarmhost/cli @swarmhost/web @swarmhost/db --docker --out-dir /pruned

FROM toolchain AS installed
COPY --from=pruned /pruned/json/ ./
RUN --mount=type=cache,id=swarmhost-pnpm-store,target=/pnpm-store \
    pnpm install --frozen-lockfile --ignore-scripts --store-dir /pnpm-store

# Sources in, then the Prisma client generated from the schema (the install above ran
# no scripts: native modules and esbuild come as prebuilt platform packages).
FROM installed AS source
COPY --from=pruned /pruned/full/ ./
RUN pnpm --filter @swarmhost/db run generate

FROM source AS build-tracker
RUN pnpm --filter @swarmhost/tracker run build \
 && pnpm --filter @swarmhost/tracker deploy --prod --ignore-scripts /out

FROM source AS build-realtime
RUN pnpm --filter @swarmhost/realtime run build \
 && pnpm --filter @swarmhost/realtime deploy --prod --ignore-scripts /out

FROM source AS build-worker
RUN pnpm --filter @swarmhost/worker run build \
 && pnpm --filter @swarmhost/worker deploy --prod --ignore-scripts /out

FROM source AS build-cli
RUN pnpm --filter @swarmhost/cli run build \
 && pnpm --filter @swarmhost/cli deploy --prod --ignore-scripts /out

# The site's standalone output already carries the node_modules files it uses.
FROM source AS build-web
RUN pnpm --filter @swarmhost/web run build

# The migration runner is bundled where its source module sits (src/migrations/), so
# its path to prisma/migrations holds in the image as in the repository.
FROM source AS build-migrate
RUN cd packages/db \
 && node ../../tooling/build/bundle-app.mjs --outdir src/migrations scripts/migrate.ts \
 && cd ../.. && pnpm --filter @swarmhost/db deploy --prod --ignore-scripts /out

FROM ${NODE_IMAGE} AS runtime
ENV NODE_ENV=production
WORKDIR /app

FROM runtime AS tracker
COPY --from=build-tracker /out/package.json ./
COPY --from=build-tracker /out/node_modules ./node_modules
COPY --from=build-tracker /repo/apps/tracker/dist ./dist
ENV TRACKER_PORT=6969 TRACKER_METRICS_PORT=6970
USER node
EXPOSE 6969/tcp 6969/udp 6970/tcp
HEALTHCHECK --interval=10s --timeout=3s --start-period=30s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:6969/healthz').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
CMD ["node", "dist/main.js"]

FROM runtime AS realtime
COPY --from=build-realtime /out/package.json ./
COPY --from=build-realtime /out/node_modules ./node_modules
COPY --from=build-realtime /repo/apps/realtime/dist ./dist
ENV REALTIME_PORT=3200 REALTIME_HOST=0.0.0.0
USER node
EXPOSE 3200/tcp
HEALTHCHECK --interval=10s --timeout=3s --start-period=30s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:3200/healthz').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
CMD ["node", "dist/main.js"]

FROM runtime AS worker
COPY --from=build-worker /out/package.json ./
COPY --from=build-worker /out/node_modules ./node_modules
COPY --from=build-worker /repo/apps/worker/dist ./dist
# The worker serves nothing but its health check (off by default outside containers).
ENV WORKER_HEALTH_PORT=3300 WORKER_HEALTH_HOST=127.0.0.1
USER node
HEALTHCHECK --interval=10s --timeout=3s --start-period=30s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:3300/healthz').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
CMD ["node", "dist/main.js"]

FROM runtime AS web
COPY --from=build-web /repo/apps/web/.next/standalone ./
# site-server.mjs (Next.js behind the site's front gate) reads PORT and HOSTNAME (Docker sets HOSTNAME to the container id).
ENV PORT=3000 HOSTNAME=0.0.0.0
USER node
EXPOSE 3000/tcp
HEALTHCHECK --interval=10s --timeout=3s --start-period=30s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:3000/healthz').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
CMD ["node", "--max-semi-space-size=16", "--no-memory-reducer", "apps/web/site-server.mjs"]

# Operator commands: docker run --rm swarmhost/cli tenant:list
FROM runtime AS cli
COPY --from=build-cli /out/package.json ./
COPY --from=build-cli /out/node_modules ./node_modules
COPY --from=build-cli /repo/apps/cli/dist ./dist
USER node
HEALTHCHECK NONE
ENTRYPOINT ["node", "dist/main.js"]
CMD ["--help"]

# One-off job: creates the database roles and applies pending migrations, then exits.
FROM runtime AS migrate
COPY --from=build-migrate /out/package.json ./
COPY --from=build-migrate /out/node_modules ./node_modules
COPY --from=build-migrate /repo/packages/db/prisma/migrations ./prisma/migrations
COPY --from=build-migrate /repo/packages/db/src/migrations/migrate.js ./src/migrations/migrate.js
USER node
HEALTHCHECK NONE
CMD ["node", "src/migrations/migrate.js"]
