// Finds ingress rules that would open PostgreSQL, Redis or Meilisearch to more than the
// VPC. A rule may admit those ports only from security groups or from the VPC's own
// range; a rule open to any CIDR must have a port range known from literals (or
// literal locals) that leaves them out.
import type { Block, TerraformModule } from './terraform';

export const PROTECTED_PORTS = { 5432: 'PostgreSQL', 6379: 'Redis', 7700: 'Meilisearch' } as const;

export interface IngressRule {
  label: string;
  protocol: string | undefined;
  fromPort: unknown;
  toPort: unknown;
  cidrs: unknown[];
  /** Source security groups (or prefix lists) instead of CIDRs. */
  groupSources: unknown[];
}

function list(value: unknown): unknown[] {
  if (value === undefined || value === null) return [];
  return Array.isArray(value) ? value : [value];
}

export function ingressRules(module: TerraformModule): IngressRule[] {
  const rules: IngressRule[] = [];
  for (const [name, body] of module.resources) {
    const type = name.split('.')[0];
    if (type === 'aws_vpc_security_group_ingress_rule') {
      rules.push({
        label: name,
        protocol: body.ip_protocol as string | undefined,
        fromPort: body.from_port,
        toPort: body.to_port,
        cidrs: [...list(body.cidr_ipv4), ...list(body.cidr_ipv6)],
        groupSources: [...list(body.referenced_security_group_id), ...list(body.prefix_list_id)],
      });
    } else if (type === 'aws_security_group_rule' && body.type === 'ingress') {
      rules.push({
        label: name,
        protocol: body.protocol as string | undefined,
        fromPort: body.from_port,
        toPort: body.to_port,
        cidrs: [...list(body.cidr_blocks), ...list(body.ipv6_cidr_blocks)],
        groupSources: [...list(body.source_security_group_id), ...list(body.prefix_list_ids)],
      });
    } else if (type === 'aws_security_group') {
      for (const [index, inline] of list(body.ingress).entries()) {
        const rule = inline as Block;
        rules.push({
          label: `${name} ingress[${index}]`,
          protocol: rule.protocol as string | undefined,
          fromPort: rule.from_port,
          toPort: rule.to_port,
          cidrs: [...list(rule.cidr_blocks), ...list(rule.ipv6_cidr_blocks)],
          groupSources: [...list(rule.security_groups), ...list(rule.prefix_list_ids)],
        });
      }
    }
  }
  return rules;
}

/** A port given as a number, a numeric string, or "${local.x}" with a literal local. */
function literalPort(value: unknown, module: TerraformModule): number | undefined {
  if (typeof value === 'number') return value;
  if (typeof value !== 'string') return undefined;
  if (/^\d+$/.test(value)) return Number(value);
  const local = /^\$\{local\.([A-Za-z_][\w-]*)\}$/.exec(value)?.[1];
  if (local === undefined) return undefined;
  return literalPort(module.locals.get(local), module);
}

/** A source no wider than the VPC: the VPC's own range, passed in as a variable or output. */
function isVpcRange(cidr: unknown): boolean {
  return typeof cidr === 'string' && /^\$\{(var\.vpc_cidr\w*|module\.network\.vpc_cidr_block|aws_vpc\.\w+\.cidr_block)\}$/.test(cidr);
}

/** Why this rule may open a protected port beyond the VPC, or null when it cannot. */
export function protectedPortProblem(rule: IngressRule, module: TerraformModule): string | null {
  const openCidrs = rule.cidrs.filter((cidr) => !isVpcRange(cidr));
  if (openCidrs.length === 0) return null;
  const sources = openCidrs.map((cidr) => JSON.stringify(cidr)).join(', ');
  if (rule.protocol === '-1' || rule.protocol === 'all') {
    return `${rule.label} admits every port from ${sources}`;
  }
  const from = literalPort(rule.fromPort, module);
  const to = literalPort(rule.toPort, module);
  if (from === undefined || to === undefined) {
    return `${rule.label} admits ${sources} on a port range not known from literals (${JSON.stringify(rule.fromPort)}-${JSON.stringify(rule.toPort)})`;
  }
  for (const [port, service] of Object.entries(PROTECTED_PORTS)) {
    if (from <= Number(port) && Number(port) <= to) return `${rule.label} opens ${service} (${port}) to ${sources}`;
  }
  return null;
}
