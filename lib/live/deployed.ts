// What live checks share when they look up one deployed lab resource: the verdicts for a resource
// that was never deployed or was deleted by hand, and the RDS lookup several drills make. The SDK
// client is loaded where it is used (./sdk), so a static grade never loads it.
import type { DBInstance } from '@aws-sdk/client-rds';
import type { Volume } from '@aws-sdk/client-ec2';
import { sdk } from './sdk';
import { error, fail, Verdict } from '../model/verdict';
import type { DeployedResource, LiveContext } from '../model/live-check';

/** The construct is not in the deployed stack: the student deleted it instead of fixing it. */
export const notDeployed = (ctx: LiveContext, id: string): Verdict =>
  fail(`${id} is not in the deployed stack ${ctx.stack.stackName}: fix it, don't delete it, and deploy`);

/**
 * CloudFormation still lists the resource, but AWS says it is gone: an ERROR, like `notFoundLive`
 * (the check cannot judge what the stack describes), never a pass; a lab the student deleted from
 * the code is `notDeployed`, a fail.
 */
export const deletedByHand = (id: string, r: DeployedResource): Verdict =>
  error(`${id} (${r.physicalId}) is in the stack but no longer exists: it was deleted outside CloudFormation; deploy the lab again`);

/**
 * The API says a resource of the stack does not exist (deleted by hand, or never really created):
 * the check cannot judge what the stack describes, so it is an ERROR, never a pass.
 */
export const notFoundLive = (id: string, r: DeployedResource, call: string): Verdict =>
  error(`${id} (${r.physicalId}) is in the stack but ${call} does not find it: it was deleted outside CloudFormation or never created; deploy the lab again`);

/** The SDK error's name (`DBInstanceNotFoundFault`, `AccessDenied`, ...). */
export const errorName = (err: unknown): string | undefined => (err as { name?: string })?.name;

export const isVerdict = (v: unknown): v is Verdict => typeof v === 'object' && v !== null && 'status' in v && 'message' in v;

/** The deployed DB instance of a construct, through rds:DescribeDBInstances, or the verdict when it is gone. */
export async function describeDbInstance(
  ctx: LiveContext,
  dbId: string,
  gone: (id: string, r: DeployedResource) => Verdict = deletedByHand,
): Promise<{ db: DBInstance; r: DeployedResource } | Verdict> {
  const r = ctx.resource(dbId);
  if (!r) return notDeployed(ctx, dbId);
  const { DescribeDBInstancesCommand, RDSClient } = sdk.rds();
  try {
    const db = (await ctx.client(RDSClient).send(new DescribeDBInstancesCommand({ DBInstanceIdentifier: r.physicalId }))).DBInstances?.[0];
    return db ? { db, r } : gone(dbId, r);
  } catch (err) {
    if (errorName(err) === 'DBInstanceNotFoundFault' || errorName(err) === 'DBInstanceNotFound') return gone(dbId, r);
    throw err;
  }
}

/** The deployed EBS volume of a construct, through ec2:DescribeVolumes, or the verdict when it is gone. */
export async function describeVolume(
  ctx: LiveContext,
  volumeId: string,
  gone: (id: string, r: DeployedResource) => Verdict = deletedByHand,
): Promise<{ volume: Volume; r: DeployedResource } | Verdict> {
  const r = ctx.resource(volumeId);
  if (!r) return notDeployed(ctx, volumeId);
  const { DescribeVolumesCommand, EC2Client } = sdk.ec2();
  try {
    const volume = (await ctx.client(EC2Client).send(new DescribeVolumesCommand({ VolumeIds: [r.physicalId] }))).Volumes?.[0];
    return volume ? { volume, r } : gone(volumeId, r);
  } catch (err) {
    if (errorName(err) === 'InvalidVolume.NotFound') return gone(volumeId, r);
    throw err;
  }
}
