import {
  CloudFormationClient,
  DescribeStackDriftDetectionStatusCommand,
  DescribeStackDriftDetectionStatusCommandOutput,
  DescribeStackResourceDriftsCommand,
  DetectStackDriftCommand,
  StackResourceDrift,
} from '@aws-sdk/client-cloudformation';
import { waitWithBackoff, WaitOptions } from './context';
import { LiveError } from './errors';
import type { DriftedResource, DriftReport, WaitRecord } from '../model/live-result';

/** Drift detection takes seconds for a small stack, minutes for a big one. */
export const DRIFT_TIMEOUT_MS = 180_000;

/** The IAM actions drift detection needs on CloudFormation (it also reads each resource with the caller's rights). */
export const DRIFT_CALLS = ['cloudformation:DetectStackDrift', 'cloudformation:DescribeStackDriftDetectionStatus', 'cloudformation:DescribeStackResourceDrifts'] as const;
/** DetectStackDrift is also authorized per resource against this action. */
export const DRIFT_RESOURCE_CALL = 'cloudformation:DetectStackResourceDrift';

/**
 * Runs CloudFormation drift detection on the stack: DetectStackDrift, then
 * DescribeStackDriftDetectionStatus polled with backoff, then DescribeStackResourceDrifts
 * (MODIFIED and DELETED only, every page). A detection that does not finish in time is a LiveError.
 */
export async function detectDrift(
  cfn: CloudFormationClient,
  stackName: string,
  wait: WaitOptions,
  recordWait: (w: WaitRecord) => void,
  constructIdOf: (logicalId: string) => string | undefined = () => undefined,
  timeoutMs = DRIFT_TIMEOUT_MS,
): Promise<DriftReport> {
  const { StackDriftDetectionId } = await cfn.send(new DetectStackDriftCommand({ StackName: stackName }));
  if (!StackDriftDetectionId) throw new LiveError(`drift detection of stack ${stackName} did not start (DetectStackDrift returned no detection id)`);
  const status = await waitWithBackoff<DescribeStackDriftDetectionStatusCommandOutput>(
    `drift detection of ${stackName}`,
    async () => {
      const s = await cfn.send(new DescribeStackDriftDetectionStatusCommand({ StackDriftDetectionId }));
      return s.DetectionStatus === 'DETECTION_IN_PROGRESS' ? undefined : s;
    },
    timeoutMs,
    wait,
    recordWait,
  );
  if (!status) {
    throw new LiveError(`drift detection of stack ${stackName} did not finish within ${Math.round(timeoutMs / 1000)} s: grade again in a minute, or pass --skip-drift`);
  }

  const drifts: StackResourceDrift[] = [];
  let NextToken: string | undefined;
  do {
    const page = await cfn.send(new DescribeStackResourceDriftsCommand({ StackName: stackName, StackResourceDriftStatusFilters: ['MODIFIED', 'DELETED'], NextToken }));
    drifts.push(...(page.StackResourceDrifts ?? []));
    NextToken = page.NextToken;
  } while (NextToken);

  const drifted: DriftedResource[] = drifts
    .filter((d) => d.StackResourceDriftStatus === 'MODIFIED' || d.StackResourceDriftStatus === 'DELETED')
    .map((d) => ({
      logicalId: d.LogicalResourceId ?? '?',
      constructId: d.LogicalResourceId ? constructIdOf(d.LogicalResourceId) : undefined,
      type: d.ResourceType ?? '?',
      status: d.StackResourceDriftStatus!,
      properties: [...new Set((d.PropertyDifferences ?? []).map((p) => p.PropertyPath ?? '?'))],
    }));
  return {
    checked: true,
    stackStatus: status.StackDriftStatus,
    detectionStatus: status.DetectionStatus,
    detectionReason: status.DetectionStatus === 'DETECTION_FAILED' ? status.DetectionStatusReason : undefined,
    drifted,
  };
}

/** `OpsRole (AWS::IAM::Role) was changed outside CloudFormation (/ManagedPolicyArns)`. */
export function describeDrift(d: DriftedResource): string {
  const name = `${d.constructId ?? d.logicalId} (${d.type})`;
  if (d.status === 'DELETED') return `${name} was deleted outside CloudFormation`;
  return `${name} was changed outside CloudFormation${d.properties.length ? ` (${d.properties.join(', ')})` : ''}`;
}
