// The Terraform in terraform/ checked without the terraform binary: names resolve
// (variables, locals, resources, module inputs and outputs), every variable and output
// is documented, common tags everywhere, no data store open beyond the VPC, and each
// environment's example .tfvars sets only and all of its declared inputs.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { formatProblems } from '../src/hcl-format';
import { repositoryRoot } from '../src/paths';
import { ingressRules, protectedPortProblem } from '../src/security-groups';
import {
  labelledBodies,
  loadModule,
  MODULE_META_ARGUMENTS,
  moduleSourceDir,
  parseHclFile,
  referencesIn,
  relativeToRoot,
  stringsIn,
  terraformDirs,
  type Block,
  type TerraformModule,
} from '../src/terraform';

const terraformRoot = join(repositoryRoot, 'terraform');
const environments = ['staging', 'production'];

/** Resource types the AWS provider gives no `tags` argument; every other type must carry the common tags. */
const NOT_TAGGABLE = new Set([
  'aws_route',
  'aws_route_table_association',
  'aws_ecs_cluster_capacity_providers',
  'aws_iam_role_policy',
  'aws_iam_role_policy_attachment',
  'aws_route53_record',
  'aws_acm_certificate_validation',
  'aws_lb_listener_certificate',
  'aws_efs_mount_target',
  'aws_secretsmanager_secret_version',
  'aws_appautoscaling_policy',
  'aws_sns_topic_subscription',
  'random_password',
]);

const modules = new Map<string, TerraformModule>();
const name = (module: TerraformModule) => relativeToRoot(repositoryRoot, module.dir);

beforeAll(async () => {
  for (const dir of terraformDirs(terraformRoot)) modules.set(dir, await loadModule(dir));
});

function everyModule(): TerraformModule[] {
  return [...modules.values()];
}

function isEnvironment(module: TerraformModule): boolean {
  return module.dir.includes(`${join('terraform', 'environments')}`);
}

describe('terraform/', () => {
  it('has the modules and one root per environment', () => {
    const dirs = everyModule().map(name);
    for (const expected of ['network', 'data', 'search', 'compute', 'edge', 'secrets', 'observability', 'cluster']) {
      expect(dirs).toContain(`terraform/modules/${expected}`);
    }
    for (const environment of environments) expect(dirs).toContain(`terraform/environments/${environment}`);
  });

  it('declares every variable, local, resource and data source it references', () => {
    const problems: string[] = [];
    for (const module of everyModule()) {
      for (const [label, body] of labelledBodies(module)) {
        const references = referencesIn(body);
        for (const variable of references.variables) {
          if (!module.variables.has(variable)) problems.push(`${name(module)} ${label}: var.${variable} is not declared`);
        }
        for (const local of references.locals) {
          if (!module.locals.has(local)) problems.push(`${name(module)} ${label}: local.${local} is not declared`);
        }
        for (const resource of references.resources) {
          if (!module.resources.has(resource)) problems.push(`${name(module)} ${label}: ${resource} is not a resource of this module`);
        }
        for (const data of references.dataSources) {
          if (!module.dataSources.has(data)) problems.push(`${name(module)} ${label}: data.${data} is not declared`);
        }
      }
    }
    expect(problems).toEqual([]);
  });

  it('gives every variable a type and a description, and every output a description', () => {
    const problems: string[] = [];
    for (const module of everyModule()) {
      for (const [variable, body] of module.variables) {
        if (body.type === undefined) problems.push(`${name(module)}: variable "${variable}" has no type`);
        if (typeof body.description !== 'string' || body.description.length < 10) problems.push(`${name(module)}: variable "${variable}" has no description`);
      }
      for (const [output, body] of module.outputs) {
        if (typeof body.description !== 'string' || body.description.length < 10) problems.push(`${name(module)}: output "${output}" has no description`);
      }
    }
    expect(problems).toEqual([]);
  });

  it('uses every variable it declares', () => {
    const problems: string[] = [];
    for (const module of everyModule()) {
      const used = new Set(labelledBodies(module).flatMap(([, body]) => [...referencesIn(body).variables]));
      for (const variable of module.variables.keys()) {
        if (!used.has(variable)) problems.push(`${name(module)}: variable "${variable}" is never used`);
      }
    }
    expect(problems).toEqual([]);
  });

  it('calls modules with inputs they declare, all required ones given, and reads only outputs they have', () => {
    const problems: string[] = [];
    for (const module of everyModule()) {
      for (const [callName, call] of module.moduleCalls) {
        const target = modules.get(moduleSourceDir(module, call, callName));
        if (!target) {
          problems.push(`${name(module)}: module "${callName}" points to ${String(call.source)}, which holds no .tf files`);
          continue;
        }
        const inputs = Object.keys(call).filter((key) => !MODULE_META_ARGUMENTS.has(key));
        for (const input of inputs) {
          if (!target.variables.has(input)) problems.push(`${name(module)}: module "${callName}" sets "${input}", which ${name(target)} does not declare`);
        }
        for (const [variable, body] of target.variables) {
          if (!('default' in body) && !inputs.includes(variable)) {
            problems.push(`${name(module)}: module "${callName}" does not set required input "${variable}" of ${name(target)}`);
          }
        }
      }
      for (const [label, body] of labelledBodies(module)) {
        for (const reference of referencesIn(body).moduleOutputs) {
          const [callName = '', output = ''] = reference.split('.');
          const call = module.moduleCalls.get(callName);
          if (!call) {
            problems.push(`${name(module)} ${label}: module.${reference} names no module call`);
            continue;
          }
          const target = modules.get(moduleSourceDir(module, call, callName));
          if (target && !target.outputs.has(output)) problems.push(`${name(module)} ${label}: module.${reference}: ${name(target)} has no output "${output}"`);
        }
      }
    }
    expect(problems).toEqual([]);
  });

  it('tags every taggable resource with the common tags, and sets them as the provider default_tags', () => {
    const problems: string[] = [];
    for (const module of everyModule()) {
      const commonTags = isEnvironment(module) ? 'local.common_tags' : 'var.tags';
      for (const [resource, body] of module.resources) {
        const type = resource.split('.')[0] ?? '';
        if (NOT_TAGGABLE.has(type)) continue;
        const tags = stringsIn(body.tags);
        if (!tags.some((expression) => expression.includes(commonTags))) {
          problems.push(`${name(module)}: ${resource} has no tags = ${commonTags} (or a merge with it)`);
        }
      }
      if (isEnvironment(module)) {
        const aws = module.providers.get('aws');
        const defaultTags = stringsIn((aws?.default_tags as { tags?: unknown }[] | undefined)?.[0]?.tags);
        if (!defaultTags.some((expression) => expression.includes('local.common_tags'))) {
          problems.push(`${name(module)}: provider "aws" has no default_tags { tags = local.common_tags }`);
        }
      }
    }
    expect(problems).toEqual([]);
  });

  it('opens PostgreSQL, Redis and Meilisearch to nothing beyond the VPC and the application tasks', () => {
    const problems = everyModule().flatMap((module) =>
      ingressRules(module)
        .map((rule) => protectedPortProblem(rule, module))
        .filter((problem): problem is string => problem !== null)
        .map((problem) => `${name(module)}: ${problem}`),
    );
    expect(problems).toEqual([]);
    // The rules this check exists for are there and admit the tasks' security group only.
    const dataRules = ingressRules(modules.get(join(terraformRoot, 'modules', 'data'))!);
    expect(dataRules.map((rule) => rule.label).sort()).toEqual(['aws_vpc_security_group_ingress_rule.database_from_tasks', 'aws_vpc_security_group_ingress_rule.redis_from_tasks']);
    for (const rule of dataRules) expect(rule.cidrs).toEqual([]);
  });

  it('routes site cells\' hosts before the shared site\'s wildcard, each cell to a site service of its own', () => {
    const edge = modules.get(join(terraformRoot, 'modules', 'edge'))!;
    const compute = modules.get(join(terraformRoot, 'modules', 'compute'))!;
    const priority = (rule: string) => Number(edge.resources.get(`aws_lb_listener_rule.${rule}`)?.priority);
    // Cells take 20 + their rule's index, up to the limit the variable's validation sets.
    const cellRules = String(edge.resources.get('aws_lb_listener_rule.site_cell')?.for_each);
    const firstCell = Number(/priority = (\d+) \+ index/.exec(cellRules)?.[1]);
    const limits = (edge.variables.get('site_cells')?.validation as Block[]).map((rule) => /<= (\d+)/.exec(String(rule.condition))?.[1]).filter(Boolean);
    expect(limits).toHaveLength(1);
    const lastCell = firstCell + Number(limits[0]) - 1;
    expect(priority('gateway')).toBeLessThan(firstCell);
    expect(priority('site')).toBeGreaterThan(lastCell);
    expect(String(edge.resources.get('aws_lb_listener_rule.custom_domains')?.priority)).toMatch(/^\$\{(\d+) \+ count\.index\}$/);
    expect(Number(/(\d+)/.exec(String(edge.resources.get('aws_lb_listener_rule.custom_domains')?.priority))?.[1])).toBeGreaterThan(lastCell);
    expect(JSON.stringify(edge.resources.get('aws_lb_listener_rule.site_cell')?.action)).toContain('aws_lb_target_group.site_cell[each.value.cell].arn');
    // Each cell: its own target group, and a service running the shared site's task in it.
    expect(String(edge.resources.get('aws_lb_target_group.site_cell')?.for_each)).toBe('${local.site_groups}');
    expect(String(edge.locals.get('site_groups'))).toContain('var.site_cells');
    const service = compute.resources.get('aws_ecs_service.site_cell')!;
    expect(String(service.for_each)).toBe('${local.site_cell_services}');
    expect(String(compute.locals.get('site_cell_services'))).toContain('var.site_cells');
    expect(service.task_definition).toBe(compute.resources.get('aws_ecs_service.site')?.task_definition);
    expect(JSON.stringify(service.load_balancer)).toContain('var.site_cell_target_group_arns[each.key]');
  });

  it('sends searches to the search lane after the cells and before the shared site, to a site service of its own', () => {
    const edge = modules.get(join(terraformRoot, 'modules', 'edge'))!;
    const compute = modules.get(join(terraformRoot, 'modules', 'compute'))!;
    const priority = (rule: string) => Number(edge.resources.get(`aws_lb_listener_rule.${rule}`)?.priority);
    const lanes = String(edge.locals.get('search_lane_rules'));
    const priorities = [...lanes.matchAll(/priority = (\d+)/g)].map((match) => Number(match[1]));
    expect(priorities).toHaveLength(3);
    const cellRules = String(edge.resources.get('aws_lb_listener_rule.site_cell')?.for_each);
    const firstCell = Number(/priority = (\d+) \+ index/.exec(cellRules)?.[1]);
    const limits = (edge.variables.get('site_cells')?.validation as Block[]).map((rule) => /<= (\d+)/.exec(String(rule.condition))?.[1]).filter(Boolean);
    const lastCell = firstCell + Number(limits[0]) - 1;
    for (const lane of priorities) {
      expect(lane).toBeGreaterThan(lastCell);
      expect(lane).toBeLessThan(priority('site'));
    }
    // The requests search-lane.ts passes on: the tRPC searches (batched too) and the
    // pages and feeds with a non-empty q.
    for (const path of ['/api/trpc/*torrents.search*', '/api/trpc/*forums.search*', '/torrents', '/forums/search', '/requests', '/api/v1/torrents', '/api/torznab']) {
      expect(lanes).toContain(`"${path}"`);
    }
    const rule = JSON.stringify(edge.resources.get('aws_lb_listener_rule.site_search'));
    expect(rule).toContain('"?*"');
    // The lane is a cell without hosts, "search": its target group and service are the cells'.
    expect(rule).toContain('aws_lb_target_group.site_cell[\\"search\\"].arn');
    expect(String(edge.locals.get('site_groups'))).toMatch(/var\.search_lane \? \[\\?"search\\?"\] : \[\]\) : lane => \[\]/);
    expect(String(compute.locals.get('site_cell_services'))).toMatch(/var\.search_lane == null \? \[\] : \[\\?"search\\?"\]\) : lane => var\.search_lane/);
    expect(JSON.stringify(edge.variables.get('site_cells')?.validation)).toContain('!contains(keys(var.site_cells), \\"search\\")');
    // At most five condition values a rule (ALB's limit): paths plus the q condition.
    for (const match of lanes.matchAll(/paths = \[([^\]]*)\], query = (true|false)/g)) {
      expect(match[1]!.split(',').length + (match[2] === 'true' ? 1 : 0)).toBeLessThanOrEqual(5);
    }
    expect(String(compute.locals.get('cell_scaled'))).toContain('local.site_cell_services');
  });

  it('alarms on the p99 of every site target group: the shared site, each cell and the search lane', () => {
    const observability = modules.get(join(terraformRoot, 'modules', 'observability'))!;
    const alarm = observability.resources.get('aws_cloudwatch_metric_alarm.site_p99')!;
    expect(String(alarm.for_each)).toBe('${local.site_groups}');
    expect(String(alarm.alarm_name)).toBe('${var.name}-${each.key}-p99');
    expect(String(observability.locals.get('site_groups'))).toMatch(/\{\s*site = var\.site_target_group_arn_suffix\s*\}.*var\.site_cell_target_group_arn_suffixes : \\?"site-\$\{cell\}\\?" => suffix/s);
    // The shared site's alarm keeps its address (and so its name, <name>-site-p99).
    const text = readFileSync(join(terraformRoot, 'modules', 'observability', 'main.tf'), 'utf8');
    expect(text).toMatch(/moved \{\s*from = aws_cloudwatch_metric_alarm\.site_p99\s*to\s*= aws_cloudwatch_metric_alarm\.site_p99\["site"\]\s*\}/);
    for (const environment of environments) {
      const root = readFileSync(join(terraformRoot, 'environments', environment, 'main.tf'), 'utf8');
      expect(root).toMatch(/module "observability" \{[^}]*site_cell_target_group_arn_suffixes = module\.edge\.site_cell_target_group_arn_suffixes/);
    }
  });

  it('keeps the environments identical except for their tfvars and backend key', () => {
    for (const file of ['main.tf', 'variables.tf', 'outputs.tf']) {
      const [first, ...others] = environments.map((environment) => readFileSync(join(terraformRoot, 'environments', environment, file), 'utf8'));
      for (const other of others) expect(other, file).toBe(first);
    }
  });

  it.each(environments)('%s has an example .tfvars that sets every required variable and nothing undeclared', async (environment) => {
    const dir = join(terraformRoot, 'environments', environment);
    const example = join(dir, `${environment}.tfvars.example`);
    expect(existsSync(example), `${example} exists`).toBe(true);
    const values = await parseHclFile(example);
    const root = modules.get(dir)!;
    const problems: string[] = [];
    for (const key of Object.keys(values)) {
      if (!root.variables.has(key)) problems.push(`${environment}.tfvars.example sets "${key}", which is not a variable of ${environment}`);
    }
    for (const [variable, body] of root.variables) {
      if (!('default' in body) && !(variable in values)) problems.push(`${environment}.tfvars.example does not set required variable "${variable}"`);
    }
    expect(problems).toEqual([]);
    expect(values.environment).toBe(environment);
  });

  it('gives containers only variables that .env.example documents (or the images\' own)', () => {
    const documented = new Set([...readFileSync(join(repositoryRoot, '.env.example'), 'utf8').matchAll(/^#?\s*([A-Z][A-Z0-9_]+)=/gm)].map((match) => match[1]));
    const notOurs = new Set(['MEILI_ENV', 'MEILI_DB_PATH', 'MEILI_NO_ANALYTICS', 'MEILI_MASTER_KEY', 'CW_CONFIG_CONTENT', 'PROMETHEUS_CONFIG_CONTENT']);
    const problems: string[] = [];
    let seen = 0;
    for (const module of everyModule()) {
      for (const [resource, body] of module.resources) {
        if (!resource.startsWith('aws_ecs_task_definition.')) continue;
        for (const match of String(body.container_definitions).matchAll(/\{\s*name\s*=\s*"([A-Z][A-Z0-9_]+)"/g)) {
          seen += 1;
          const variable = match[1] ?? '';
          if (!documented.has(variable) && !notOurs.has(variable)) problems.push(`${name(module)} ${resource}: ${variable} is not in .env.example`);
        }
      }
    }
    expect(problems).toEqual([]);
    expect(seen).toBeGreaterThan(30);
  });

  it('is laid out as terraform fmt would (indentation, aligned equals signs)', () => {
    const files = everyModule().flatMap((module) => module.files);
    for (const environment of environments) files.push(join(terraformRoot, 'environments', environment, `${environment}.tfvars.example`));
    const problems = files.flatMap((file) => formatProblems(relativeToRoot(repositoryRoot, file), readFileSync(file, 'utf8')));
    expect(problems).toEqual([]);
  });
});
