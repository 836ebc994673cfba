import type { CloudFormationClient, StackResourceSummary } from '@aws-sdk/client-cloudformation';
import { isArn, parseArn, sdk } from './sdk';
import { LiveError } from './errors';
import type { DeployedResource, DeployedStack } from '../model/live-check';

/** Stack states a live grade can read; a rolled-back update leaves the previous, working version. */
const READY = new Set(['CREATE_COMPLETE', 'UPDATE_COMPLETE', 'IMPORT_COMPLETE', 'UPDATE_ROLLBACK_COMPLETE', 'IMPORT_ROLLBACK_COMPLETE']);

/** The one line a stack state that cannot be graded gets; undefined when the stack can be graded. */
export function stackStateError(stackName: string, status: string, reason?: string): string | undefined {
  if (READY.has(status)) return undefined;
  const why = reason ? ` (${reason})` : '';
  const where = `stack ${stackName} is in ${status}${why}`;
  if (status === 'ROLLBACK_COMPLETE' || status === 'ROLLBACK_IN_PROGRESS' || status === 'ROLLBACK_FAILED') {
    return `${where}: its first deploy failed and nothing is left to check; delete it (npx cdk destroy ${stackName}), fix the error and deploy again`;
  }
  if (status === 'UPDATE_ROLLBACK_FAILED') {
    return `${where}: a deploy failed and could not roll back; run aws cloudformation continue-update-rollback --stack-name ${stackName}, then deploy again`;
  }
  if (status.startsWith('DELETE_')) {
    return `${where}: the lab is being or has been deleted (it may have expired); deploy it again to grade it live`;
  }
  if (status.endsWith('_FAILED')) return `${where}: fix the failed deploy (see the stack events), then grade again`;
  if (status === 'REVIEW_IN_PROGRESS') return `${where}: a change set was created but never executed; deploy the lab, then grade again`;
  if (status.endsWith('_IN_PROGRESS')) return `${where}: wait until the deploy finishes, then grade again`;
  return `${where}: it cannot be graded live in this state`;
}

/** A note for the report when the stack can be graded but is not what the student last deployed. */
export function stackStateWarning(stackName: string, status: string): string | undefined {
  if (status === 'UPDATE_ROLLBACK_COMPLETE' || status === 'IMPORT_ROLLBACK_COMPLETE') {
    return `the last deploy of ${stackName} failed and was rolled back (${status}): the live checks see the version before it`;
  }
  return undefined;
}

/**
 * The lab stack as CloudFormation reports it: DescribeStacks, then every resource through the
 * paginated ListStackResources (DescribeStackResources stops at 100 resources and does not page).
 * Missing stacks surface as the SDK's ValidationError ("does not exist"), which the runner reports.
 */
export async function loadDeployedStack(cfn: CloudFormationClient, stackName: string): Promise<DeployedStack> {
  const { DescribeStacksCommand, ListStackResourcesCommand } = sdk.cloudformation();
  const described = await cfn.send(new DescribeStacksCommand({ StackName: stackName }));
  const stack = described.Stacks?.[0];
  if (!stack || !stack.StackId) throw new LiveError(`stack ${stackName}: DescribeStacks returned no stack`);
  const status = stack.StackStatus ?? 'UNKNOWN';
  const problem = stackStateError(stackName, status, stack.StackStatusReason);
  if (problem) throw new LiveError(problem);

  const summaries: StackResourceSummary[] = [];
  let NextToken: string | undefined;
  do {
    const page = await cfn.send(new ListStackResourcesCommand({ StackName: stackName, NextToken }));
    summaries.push(...(page.StackResourceSummaries ?? []));
    NextToken = page.NextToken;
  } while (NextToken);

  const resources: DeployedResource[] = summaries
    .filter((r) => r.LogicalResourceId && r.ResourceType && !(r.ResourceStatus ?? '').startsWith('DELETE_COMPLETE'))
    .map((r) => ({ logicalId: r.LogicalResourceId!, physicalId: r.PhysicalResourceId ?? '', type: r.ResourceType! }));
  const outputs: Record<string, string> = {};
  for (const o of stack.Outputs ?? []) if (o.OutputKey) outputs[o.OutputKey] = o.OutputValue ?? '';
  return { stackName: stack.StackName ?? stackName, stackId: stack.StackId, status, outputs, resources };
}

/** Partition, region and account of the stack, from its id (`arn:aws:cloudformation:eu-west-1:123456789012:stack/...`). */
export function stackEnv(stack: Pick<DeployedStack, 'stackId'>): { partition: string; region: string; account: string } {
  if (!isArn(stack.stackId)) return { partition: 'aws', region: '', account: '' };
  const { partition, region, accountId } = parseArn(stack.stackId);
  return { partition: partition || 'aws', region, account: accountId };
}
