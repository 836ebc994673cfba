import type { DeployedResource, LiveContext } from '../model/live-check';
import { stackEnv } from './stack';

/**
 * The ARN of a deployed resource, from its physical id and the stack's partition, region and
 * account. Covers the types whose physical id is a name; physical ids that are ARNs are returned
 * as they are. IAM roles and users are assumed to have the default path `/` (CDK's default); use
 * GetRole/GetUser when the exact ARN matters.
 */
export function arnOfDeployed(ctx: Pick<LiveContext, 'stack'>, r: DeployedResource): string | undefined {
  const { partition, region, account } = stackEnv(ctx.stack);
  const id = r.physicalId;
  if (!id) return undefined;
  if (id.startsWith('arn:')) return id;
  switch (r.type) {
    case 'AWS::S3::Bucket': return `arn:${partition}:s3:::${id}`;
    case 'AWS::Lambda::Function': return `arn:${partition}:lambda:${region}:${account}:function:${id}`;
    case 'AWS::Logs::LogGroup': return `arn:${partition}:logs:${region}:${account}:log-group:${id}:*`;
    case 'AWS::IAM::Role': return `arn:${partition}:iam::${account}:role/${id}`;
    case 'AWS::IAM::User': return `arn:${partition}:iam::${account}:user/${id}`;
    case 'AWS::IAM::Group': return `arn:${partition}:iam::${account}:group/${id}`;
    case 'AWS::SSM::Parameter': return `arn:${partition}:ssm:${region}:${account}:parameter/${id.replace(/^\//, '')}`;
    case 'AWS::DynamoDB::Table':
    case 'AWS::DynamoDB::GlobalTable': return `arn:${partition}:dynamodb:${region}:${account}:table/${id}`;
    case 'AWS::SQS::Queue': {
      const name = id.split('/').pop();
      return name ? `arn:${partition}:sqs:${region}:${account}:${name}` : undefined;
    }
    default: return undefined;
  }
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
