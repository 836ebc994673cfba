import { buildArn, isArn } from './sdk';
import type { DeployedResource, LiveContext } from '../model/live-check';
import { typeSpec } from '../template/service-spec';
import { stackEnv } from './stack';

/**
 * Where the ARN `Fn::GetAtt Arn` returns (what the labs' policies name) is not the resource type's
 * ARN format in the CloudFormation schemas: a log group's carries `:*`; a TableV2's (GlobalTable)
 * is the table's ARN in the stack's region, not the legacy global-table one.
 */
const GETATT_ARN: Readonly<Record<string, (name: string, env: { partition: string; region: string; account: string }) => string>> = {
  'AWS::Logs::LogGroup': (name, e) => buildArn({ partition: e.partition, service: 'logs', region: e.region, accountId: e.account, resource: `log-group:${name}:*` }),
  'AWS::DynamoDB::GlobalTable': (name, e) => buildArn({ partition: e.partition, service: 'dynamodb', region: e.region, accountId: e.account, resource: `table/${name}` }),
};

const PSEUDO = new Set(['Partition', 'Region', 'Account']);

/**
 * The resource's name for its ARN, from its physical id, when the schema's ARN format takes one
 * name and the physical id (what Ref returns) is that name: `RoleNameWithPath` from `RoleName`
 * (CDK's default path `/`), `ParameterNameWithoutLeadingSlash` from `Name`, a queue's name from
 * its URL. Undefined when the physical id is something else (an EIP's public IP for its allocation id).
 */
function nameFor(variable: string, refIdentifier: readonly string[], physicalId: string): string | undefined {
  const ref = refIdentifier.length === 1 ? refIdentifier[0] : undefined;
  if (!ref) return undefined;
  if (/Url$/.test(ref)) return physicalId.split('/').pop() || undefined;
  const stem = variable.replace(/WithPath$/, '').replace(/WithoutLeadingSlash$/, '');
  if (stem !== ref && !stem.endsWith(ref)) return undefined;
  return variable.endsWith('WithoutLeadingSlash') ? physicalId.replace(/^\//, '') : physicalId;
}

/**
 * The ARN of a deployed resource, from its physical id and the stack's partition, region and
 * account, by the resource type's ARN format in aws-cdk's service spec (the CloudFormation
 * resource schemas). Physical ids that are ARNs are returned as they are. IAM roles, users and
 * groups are assumed to have the default path `/` (CDK's default); use GetRole/GetUser when the
 * exact ARN matters.
 */
export function arnOfDeployed(ctx: Pick<LiveContext, 'stack'>, r: DeployedResource): string | undefined {
  const id = r.physicalId;
  if (!id) return undefined;
  if (isArn(id)) return id;
  const env = stackEnv(ctx.stack);
  const special = GETATT_ARN[r.type];
  if (special) return special(id, env);
  const spec = typeSpec(r.type);
  if (!spec?.arnTemplate) return undefined;
  const variables = [...spec.arnTemplate.matchAll(/\$\{([^}]+)\}/g)].map((m) => m[1]).filter((v) => !PSEUDO.has(v));
  if (variables.length !== 1) return undefined;
  const name = nameFor(variables[0], spec.refIdentifier, id);
  if (name === undefined) return undefined;
  const arn = spec.arnTemplate
    .replace('${Partition}', env.partition)
    .replace('${Region}', env.region)
    .replace('${Account}', env.account)
    .replace(`\${${variables[0]}}`, name);
  return isArn(arn) ? arn : undefined;
}

/** A resource a live check names: a lab construct (plus an ARN suffix such as `/*`), or `*`. */
export type LiveResourceRef = '*' | { readonly construct: string; readonly suffix?: string };

/** `liveArn('ReportsBucket/Bucket', '/*')`: the deployed bucket's objects. */
export function liveArn(construct: string, suffix = ''): LiveResourceRef {
  return { construct, suffix };
}

/** Resolves a reference in the deployed stack; a string error when the construct is not deployed. */
export function resolveLiveRef(ctx: LiveContext, ref: LiveResourceRef): { arn: string } | { missing: string } {
  if (ref === '*') return { arn: '*' };
  const r = ctx.resource(ref.construct);
  if (!r) return { missing: `${ref.construct} is not in the deployed stack ${ctx.stack.stackName}: fix it, don't delete it, and deploy` };
  const arn = arnOfDeployed(ctx, r);
  if (!arn) return { missing: `no ARN known for ${ref.construct} (${r.type})` };
  return { arn: `${arn}${ref.suffix ?? ''}` };
}
