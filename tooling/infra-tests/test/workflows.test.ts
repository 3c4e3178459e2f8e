// The GitHub workflows parse and have the shape the deployment relies on: triggers,
// least permissions, OIDC to AWS with no stored keys, CI running the same
// scripts/test-all.sh, images built from the Dockerfile's targets, and deploy's
// fmt/validate/plan on pull requests and migration + apply + k6 smoke on main.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { repositoryRoot } from '../src/paths';

const workflowsDir = join(repositoryRoot, '.github', 'workflows');

interface Step {
  name?: string;
  uses?: string;
  run?: string;
  with?: Record<string, unknown>;
  env?: Record<string, unknown>;
}

interface Job {
  'runs-on'?: string;
  uses?: string;
  if?: string;
  needs?: string | string[];
  steps?: Step[];
  strategy?: { matrix?: Record<string, unknown> };
  permissions?: Record<string, string>;
  environment?: string;
}

interface Workflow {
  name: string;
  on: Record<string, unknown>;
  permissions?: Record<string, string>;
  jobs: Record<string, Job>;
}

function load(file: string): Workflow {
  const text = readFileSync(join(workflowsDir, file), 'utf8');
  const workflow = parse(text, { prettyErrors: true }) as Workflow;
  expect(typeof workflow.name, `${file} has a name`).toBe('string');
  return workflow;
}

function steps(workflow: Workflow): Step[] {
  return Object.values(workflow.jobs).flatMap((job) => job.steps ?? []);
}

function runs(job: Job | undefined): string {
  return (job?.steps ?? []).map((step) => step.run ?? '').join('\n');
}

const files = readdirSync(workflowsDir).filter((file) => /\.ya?ml$/.test(file));

describe('.github/workflows', () => {
  it('holds ci, images and deploy', () => {
    expect(files.sort()).toEqual(['ci.yml', 'deploy.yml', 'images.yml']);
  });

  it.each(files)('%s: every job runs on a runner with steps, or calls a workflow of this repository', (file) => {
    const workflow = load(file);
    expect(Object.keys(workflow.on).length).toBeGreaterThan(0);
    expect(Object.keys(workflow.jobs).length).toBeGreaterThan(0);
    for (const [name, job] of Object.entries(workflow.jobs)) {
      if (job.uses !== undefined) {
        expect(job.uses, `${file} job ${name}`).toMatch(/^\.\/\.github\/workflows\/[\w-]+\.yml$/);
        expect(existsSync(join(repositoryRoot, job.uses)), `${job.uses} exists`).toBe(true);
        continue;
      }
      expect(job['runs-on'], `${file} job ${name} runs-on`).toMatch(/^ubuntu-/);
      expect(job.steps?.length, `${file} job ${name} has steps`).toBeGreaterThan(0);
      for (const step of job.steps ?? []) {
        expect(Boolean(step.uses) !== Boolean(step.run), `${file} job ${name}: a step either uses an action or runs a command`).toBe(true);
        if (step.uses) expect(step.uses, 'actions are pinned to a version').toMatch(/@v?\d/);
      }
      for (const need of [job.needs ?? []].flat()) expect(Object.keys(workflow.jobs), `${file} job ${name} needs ${need}`).toContain(need);
    }
  });

  it.each(files)('%s: declares its permissions, and reaches AWS only through OIDC', (file) => {
    const workflow = load(file);
    expect(workflow.permissions, `${file} sets top-level permissions`).toBeDefined();
    const text = readFileSync(join(workflowsDir, file), 'utf8');
    expect(text).not.toMatch(/aws-access-key-id|aws-secret-access-key|AWS_ACCESS_KEY_ID|AWS_SECRET_ACCESS_KEY|AWS_SESSION_TOKEN/);
    const awsSteps = steps(workflow).filter((step) => step.uses?.startsWith('aws-actions/configure-aws-credentials@'));
    for (const step of awsSteps) {
      expect(step.with?.['role-to-assume'], `${file}: ${step.name ?? step.uses} assumes a role`).toMatch(/^\$\{\{ vars\.AWS_[A-Z_]+_ROLE_ARN \}\}$/);
      expect(step.with?.['aws-region']).toBeDefined();
    }
    if (awsSteps.length > 0) expect(workflow.permissions?.['id-token'], `${file} may request an OIDC token`).toBe('write');
    for (const [name, job] of Object.entries(workflow.jobs)) {
      for (const [scope, access] of Object.entries(job.permissions ?? {})) {
        if (scope !== 'id-token') expect(access, `${file} job ${name}: ${scope}`).not.toBe('write');
      }
    }
    expect(workflow.permissions?.contents).toBe('read');
  });

  it('ci runs scripts/test-all.sh with PostgreSQL and Redis services', () => {
    const workflow = load('ci.yml');
    expect(Object.keys(workflow.on)).toEqual(expect.arrayContaining(['push', 'pull_request']));
    const job = workflow.jobs.check as Job & { services?: Record<string, { image: string }> };
    expect(runs(job)).toContain('bash scripts/test-all.sh');
    expect(job.services?.postgres?.image).toMatch(/^postgres:1[5-9]/);
    expect(job.services?.redis?.image).toMatch(/^redis:7/);
  });

  it('images builds every target of the Dockerfile and pushes to ECR on tags', () => {
    const workflow = load('images.yml');
    expect((workflow.on.push as { tags: string[] }).tags).toEqual(['v*']);
    expect(Object.keys(workflow.on)).toContain('workflow_call');
    const job = workflow.jobs.build!;
    const targets = job.strategy?.matrix?.target as string[];
    expect(targets.sort()).toEqual(['cli', 'migrate', 'realtime', 'tracker', 'web', 'worker']);
    const build = job.steps?.find((step) => step.uses?.startsWith('docker/build-push-action@'));
    expect(build?.with).toMatchObject({ file: 'Dockerfile', target: '${{ matrix.target }}', push: true });
    expect(job.steps?.some((step) => step.uses?.startsWith('aws-actions/amazon-ecr-login@'))).toBe(true);
    const dockerfile = join(repositoryRoot, 'Dockerfile');
    if (!existsSync(dockerfile)) {
      console.warn('Dockerfile not in the repository yet: its targets are not compared with images.yml');
      return;
    }
    const stages = [...readFileSync(dockerfile, 'utf8').matchAll(/^FROM\s+\S+\s+AS\s+([\w-]+)/gim)].map((match) => match[1]);
    for (const target of targets) expect(stages, `Dockerfile has a stage "${target}"`).toContain(target);
  });

  it('deploy checks Terraform on pull requests and applies, migrates and smoke-tests on main', () => {
    const workflow = load('deploy.yml');
    expect(Object.keys(workflow.on)).toEqual(expect.arrayContaining(['pull_request', 'push']));
    expect((workflow.on.push as { branches: string[] }).branches).toEqual(['main']);

    const plan = workflow.jobs.plan!;
    expect(plan.if).toContain("github.event_name == 'pull_request'");
    const planRuns = runs(plan);
    expect(planRuns).toContain('terraform fmt -check');
    expect(planRuns).toContain('terraform validate');
    expect(planRuns).toContain('terraform plan');
    expect(planRuns).not.toContain('terraform apply');

    const apply = workflow.jobs.apply!;
    expect(apply.if).toContain("github.event_name != 'pull_request'");
    expect([apply.needs].flat()).toContain('images');
    expect(workflow.jobs.images?.uses).toBe('./.github/workflows/images.yml');
    const applyRuns = runs(apply);
    const migrate = applyRuns.indexOf('run-ecs-task.sh migrate_task_definition_arn');
    const fullApply = applyRuns.lastIndexOf('terraform apply -auto-approve');
    const smoke = applyRuns.indexOf('k6 run smoke.ts');
    expect(migrate, 'the migration task runs').toBeGreaterThan(-1);
    expect(fullApply, 'the full apply comes after the migration').toBeGreaterThan(migrate);
    expect(smoke, 'the k6 smoke scenario runs after the apply').toBeGreaterThan(fullApply);
    expect(apply.steps?.some((step) => step.uses?.startsWith('grafana/setup-k6-action@'))).toBe(true);
    expect(existsSync(join(repositoryRoot, 'infra', 'k6', 'smoke.ts'))).toBe(true);
    expect(existsSync(join(repositoryRoot, '.github', 'scripts', 'run-ecs-task.sh'))).toBe(true);
  });

  it('the one-off task script parses and fails on a non-zero exit code', () => {
    const script = join(repositoryRoot, '.github', 'scripts', 'run-ecs-task.sh');
    const syntax = spawnSync('bash', ['-n', script], { encoding: 'utf8' });
    expect(syntax.stderr).toBe('');
    expect(syntax.status).toBe(0);
    const text = readFileSync(script, 'utf8');
    expect(text).toContain('set -euo pipefail');
    expect(text).toContain('aws ecs wait tasks-stopped');
    expect(text.trimEnd().split('\n').at(-1)).toBe('[ "$exit_code" = 0 ]');
  });
});
