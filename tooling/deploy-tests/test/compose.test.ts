// infra/docker-compose.yml and the Dockerfile, checked without pulling or building an
// image (no registry for base images here): Debian's docker-compose (scripts/test-all.sh
// installs it) or Docker's compose plugin resolves the file,
// and the test reads the result. Every service is health-checked or a one-off job,
// start order waits on health, secrets come only from the environment, the tracker
// publishes UDP, and every runtime image runs node as an unprivileged user.
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { effective, execForm, parseDockerfile } from './support/dockerfile';

const run = promisify(execFile);
const root = fileURLToPath(new URL('../../../', import.meta.url));
const composeFile = `${root}infra/docker-compose.yml`;

/** What the operator fills in (infra/compose.env.example); values here are test stand-ins. */
const requiredVariables = {
  POSTGRES_PASSWORD: 'test-postgres-password',
  APP_DB_PASSWORD: 'test-app-password',
  MEILI_MASTER_KEY: 'test-meili-master-key',
  REALTIME_TOKEN_SECRET: 'test-realtime-token-secret-of-32-characters',
  TRACKER_UDP_SECRET: '00112233445566778899aabbccddeeff',
  BASE_DOMAIN: 'swarmhost.test',
  PUBLIC_TRACKER_URL: 'https://tracker.swarmhost.test',
  REALTIME_PUBLIC_URL: 'https://live.swarmhost.test',
  WEB_TRUSTED_PROXIES: '10.0.0.2',
  SMTP_URL: 'smtp://mailer:secret@mail.swarmhost.test:587',
  MAIL_FROM: 'Swarmhost <noreply@swarmhost.test>',
};
const secretNames = /PASSWORD|SECRET|MASTER_KEY|MEILISEARCH_KEY|SMTP_URL/;
/** The processes built from the Dockerfile that serve (the CLI image is a tool). */
const appServices = ['tracker', 'web', 'realtime', 'worker'];

interface Service {
  image?: string;
  build?: { target?: string };
  restart?: string;
  init?: boolean;
  healthcheck?: { test?: string[] };
  depends_on?: Record<string, { condition?: string }>;
  environment?: Record<string, string>;
  ports?: (string | { target: number; published: number | string; protocol?: string })[];
}

/** Debian's docker-compose (v1) here; Docker's compose plugin (v2) where that is what exists. */
async function composeCommand(): Promise<string[]> {
  try {
    await run('docker-compose', ['version']);
    return ['docker-compose'];
  } catch {
    return ['docker', 'compose'];
  }
}

let compose: string[];

/** `compose config` with the given environment only (no infra/.env, no shell vars). */
async function composeConfig(env: Record<string, string>) {
  const { PATH, HOME } = process.env;
  compose ??= await composeCommand();
  return run(compose[0]!, [...compose.slice(1), '--project-directory', `${root}infra`, '-f', composeFile, 'config'], {
    env: { PATH, HOME, ...env },
  });
}

const conditionsOf = (service: Service | undefined) =>
  Object.fromEntries(Object.entries(service?.depends_on ?? {}).map(([name, { condition }]) => [name, condition]));

function portsOf(service: Service): string[] {
  return (service.ports ?? []).map((port) =>
    typeof port === 'string' ? (port.includes('/') ? port : `${port}/tcp`) : `${port.published}:${port.target}/${port.protocol ?? 'tcp'}`,
  );
}

const stages = parseDockerfile(readFileSync(`${root}Dockerfile`, 'utf8'));
let services: Record<string, Service>;

beforeAll(async () => {
  const { stdout } = await composeConfig(requiredVariables);
  services = (parse(stdout) as { services: Record<string, Service> }).services;
});

describe('infra/docker-compose.yml', () => {
  it('runs the whole platform', () => {
    expect(Object.keys(services).sort()).toEqual(['meilisearch', 'migrate', 'postgres', 'realtime', 'redis', 'tracker', 'web', 'worker']);
    expect(services.meilisearch?.image).toMatch(/^getmeili\/meilisearch:/);
  });

  it('health-checks every long-running service (in compose or in its image); the migration is a one-off job', () => {
    for (const [name, service] of Object.entries(services)) {
      if (name === 'migrate') {
        expect(service.restart).toBe('no');
        continue;
      }
      const target = service.build?.target;
      const imageCheck = target ? effective(stages, target, 'HEALTHCHECK') : undefined;
      const checked = (service.healthcheck?.test?.length ?? 0) > 0 || (imageCheck !== undefined && imageCheck !== 'NONE');
      expect(checked, `${name} has no health check`).toBe(true);
    }
  });

  it('starts each app after the migration finished and its stores are healthy', () => {
    expect(conditionsOf(services.migrate)).toEqual({ postgres: 'service_healthy' });
    for (const name of appServices) {
      const conditions = conditionsOf(services[name]);
      expect(conditions.migrate, name).toBe('service_completed_successfully');
      expect(conditions.redis, name).toBe('service_healthy');
      for (const [dependency, condition] of Object.entries(conditions)) {
        const expected = dependency === 'migrate' ? 'service_completed_successfully' : 'service_healthy';
        expect(condition, `${name} → ${dependency}`).toBe(expected);
      }
    }
    expect(conditionsOf(services.web).meilisearch).toBe('service_healthy');
    expect(conditionsOf(services.worker).meilisearch).toBe('service_healthy');
  });

  it('publishes the tracker on TCP and UDP, and runs every app under an init that forwards SIGTERM', () => {
    expect(portsOf(services.tracker!)).toEqual(expect.arrayContaining(['6969:6969/tcp', '6969:6969/udp']));
    for (const name of appServices) expect(services[name]?.init, name).toBe(true);
  });

  it('commits no secret: each comes from the environment, and compose names a missing one', async () => {
    const raw = parse(readFileSync(composeFile, 'utf8')) as { services: Record<string, { environment?: Record<string, unknown> }>; 'x-app-environment': Record<string, unknown> };
    const environments = [raw['x-app-environment'], ...Object.values(raw.services).map((service) => service.environment ?? {})];
    for (const environment of environments) {
      for (const [name, value] of Object.entries(environment)) {
        if (name === '<<' || !secretNames.test(name)) continue;
        expect(String(value), name).toMatch(/\$\{[A-Z_]+:\?[^}]+\}/);
      }
    }
    // The password inside DATABASE_URL is interpolated too.
    expect(String(raw['x-app-environment'].DATABASE_URL)).toMatch(/postgres:\$\{POSTGRES_PASSWORD:\?/);
    // The operator's template holds names, never values.
    const template = readFileSync(`${root}infra/compose.env.example`, 'utf8');
    for (const name of Object.keys(requiredVariables)) expect(template).toMatch(new RegExp(`^${name}=$`, 'm'));

    for (const missing of ['POSTGRES_PASSWORD', 'REALTIME_TOKEN_SECRET', 'SMTP_URL', 'MEILI_MASTER_KEY', 'TRACKER_UDP_SECRET']) {
      const env: Record<string, string> = { ...requiredVariables };
      delete env[missing];
      await expect(composeConfig(env), missing).rejects.toThrow(new RegExp(`set ${missing}`));
    }
  });

  it('builds every app from a target the Dockerfile has', () => {
    for (const [name, service] of Object.entries(services)) {
      if (!service.build) continue;
      expect(stages.map((stage) => stage.name), name).toContain(service.build.target);
    }
  });
});

describe('Dockerfile runtime images', () => {
  const runtimeTargets = ['tracker', 'realtime', 'worker', 'web', 'cli', 'migrate'];

  it('run node itself (exec form, no shell, no package manager) as the unprivileged node user', () => {
    for (const target of runtimeTargets) {
      const user = effective(stages, target, 'USER');
      expect(user, target).toBe('node');
      const entrypoint = execForm(effective(stages, target, 'ENTRYPOINT'));
      const command = entrypoint ?? execForm(effective(stages, target, 'CMD'));
      expect(command?.[0], `${target} starts node directly`).toBe('node');
      expect(command?.join(' '), target).not.toMatch(/pnpm|npm|tsx|sh -c/);
    }
  });

  it('health-check each serving process on its /healthz port', () => {
    const ports: Record<string, string> = { tracker: '6969', realtime: '3200', worker: '3300', web: '3000' };
    for (const [target, port] of Object.entries(ports)) {
      expect(effective(stages, target, 'HEALTHCHECK'), target).toContain(`http://127.0.0.1:${port}/healthz`);
    }
  });

  it('take production dependencies only, from stages that ran pnpm deploy --prod or the standalone build', () => {
    for (const target of runtimeTargets) {
      const stage = stages.find((candidate) => candidate.name === target)!;
      expect(stage.base, target).toBe('runtime');
      const sources = stage.instructions
        .filter((instruction) => instruction.keyword === 'COPY')
        .map((instruction) => /--from=(\S+)/.exec(instruction.argument)?.[1]);
      for (const source of sources) {
        const build = stages.find((candidate) => candidate.name === source);
        const commands = build?.instructions.map((instruction) => instruction.argument).join('\n') ?? '';
        expect(commands, `${target} copies from ${source}`).toMatch(/deploy --prod|run build/);
      }
    }
    const runtime = stages.find((stage) => stage.name === 'runtime')!;
    expect(runtime.instructions.map((instruction) => instruction.argument).join('\n')).toContain('NODE_ENV=production');
  });

  it('are built from a context without installed, built or secret files (.dockerignore)', () => {
    const ignored = readFileSync(`${root}.dockerignore`, 'utf8').split('\n');
    for (const entry of ['**/node_modules', '**/dist', '**/.next', '.env', '.git']) expect(ignored).toContain(entry);
  });
});
