// Live checks of shared-responsibility: the deployed volume, database, bucket and default security
// group, through the SDK. Written against the LiveContext contract only (lib/live/live-check.ts);
// SDK errors propagate.
import { DescribeSecurityGroupsCommand, DescribeVolumesCommand, EC2Client } from '@aws-sdk/client-ec2';
import { GetPublicAccessBlockCommand, PublicAccessBlockConfiguration, S3Client } from '@aws-sdk/client-s3';
import { fail, pass } from '../../../lib/grading/drill';
import type { LiveCheck } from '../../../lib/live/live-check';
import { deletedByHand, describeDbInstance, errorName, isVerdict, notDeployed } from '../../../lib/live/checks/deployed';


/** The deployed EBS volume is encrypted at rest. */
export function liveVolumeEncrypted(id: string, volumeId: string): LiveCheck {
  return {
    id,
    apiCalls: ['ec2:DescribeVolumes'],
    driftSubjects: [volumeId],
    run: async (ctx) => {
      const r = ctx.resource(volumeId);
      if (!r) return notDeployed(ctx, volumeId);
      let volume;
      try {
        volume = (await ctx.client(EC2Client).send(new DescribeVolumesCommand({ VolumeIds: [r.physicalId] }))).Volumes?.[0];
      } catch (err) {
        if (errorName(err) === 'InvalidVolume.NotFound') return deletedByHand(volumeId, r);
        throw err;
      }
      if (!volume) return deletedByHand(volumeId, r);
      ctx.record({ call: 'ec2:DescribeVolumes', request: { VolumeIds: [r.physicalId] }, observed: { Encrypted: volume.Encrypted, KmsKeyId: volume.KmsKeyId } });
      if (volume.Encrypted !== true) return fail(`deployed ${volumeId} (${r.physicalId}) is not encrypted at rest`);
      return pass(`deployed ${volumeId} (${r.physicalId}) is encrypted at rest`);
    },
  };
}

/** The deployed DB instance stores its data encrypted. */
export function liveDbStorageEncrypted(id: string, dbId: string): LiveCheck {
  return {
    id,
    apiCalls: ['rds:DescribeDBInstances'],
    driftSubjects: [dbId],
    run: async (ctx) => {
      const found = await describeDbInstance(ctx, dbId);
      if (isVerdict(found)) return found;
      const { db, r } = found;
      ctx.record({ call: 'rds:DescribeDBInstances', request: { DBInstanceIdentifier: r.physicalId }, observed: { StorageEncrypted: db.StorageEncrypted, KmsKeyId: db.KmsKeyId } });
      if (db.StorageEncrypted !== true) return fail(`deployed ${dbId} (${r.physicalId}) stores its data unencrypted`);
      return pass(`deployed ${dbId} (${r.physicalId}) stores its data encrypted`);
    },
  };
}

const BLOCKS = ['BlockPublicAcls', 'IgnorePublicAcls', 'BlockPublicPolicy', 'RestrictPublicBuckets'] as const;

/** The deployed bucket has all four public access blocks on. */
export function liveBucketBlocksPublicAccess(id: string, bucketId: string): LiveCheck {
  return {
    id,
    // GetPublicAccessBlock is authorized by the s3:GetBucketPublicAccessBlock action.
    apiCalls: ['s3:GetBucketPublicAccessBlock'],
    driftSubjects: [bucketId],
    run: async (ctx) => {
      const r = ctx.resource(bucketId);
      if (!r) return notDeployed(ctx, bucketId);
      let config: PublicAccessBlockConfiguration = {};
      try {
        config = (await ctx.client(S3Client).send(new GetPublicAccessBlockCommand({ Bucket: r.physicalId }))).PublicAccessBlockConfiguration ?? {};
      } catch (err) {
        if (errorName(err) === 'NoSuchBucket') return deletedByHand(bucketId, r);
        // No configuration at all: every block is off.
        if (errorName(err) !== 'NoSuchPublicAccessBlockConfiguration') throw err;
      }
      const observed = Object.fromEntries(BLOCKS.map((b) => [b, config[b] ?? false]));
      ctx.record({ call: 's3:GetPublicAccessBlock', request: { Bucket: r.physicalId }, observed });
      const off = BLOCKS.filter((b) => config[b] !== true);
      if (off.length) return fail(`deployed ${bucketId} (${r.physicalId}) has ${off.join(', ')} off: all four public access blocks must be on`);
      return pass(`deployed ${bucketId} (${r.physicalId}) blocks all four kinds of public access`);
    },
  };
}

/** The deployed VPC's default security group has no inbound and no outbound rule. */
export function liveDefaultSecurityGroupEmpty(id: string, vpcId: string): LiveCheck {
  return {
    id,
    apiCalls: ['ec2:DescribeSecurityGroups'],
    driftSubjects: [vpcId],
    run: async (ctx) => {
      const r = ctx.resource(vpcId);
      if (!r) return notDeployed(ctx, vpcId);
      const Filters = [{ Name: 'vpc-id', Values: [r.physicalId] }, { Name: 'group-name', Values: ['default'] }];
      const groups = (await ctx.client(EC2Client).send(new DescribeSecurityGroupsCommand({ Filters }))).SecurityGroups ?? [];
      const sg = groups[0];
      ctx.record({
        call: 'ec2:DescribeSecurityGroups',
        request: { Filters },
        observed: sg ? { GroupId: sg.GroupId, IpPermissions: sg.IpPermissions ?? [], IpPermissionsEgress: sg.IpPermissionsEgress ?? [] } : { SecurityGroups: [] },
      });
      if (!sg) return deletedByHand(vpcId, r);
      const inbound = sg.IpPermissions?.length ?? 0;
      const outbound = sg.IpPermissionsEgress?.length ?? 0;
      if (inbound || outbound) return fail(`the default security group ${sg.GroupId} of deployed ${vpcId} (${r.physicalId}) still has ${inbound} inbound and ${outbound} outbound rule${inbound + outbound === 1 ? '' : 's'}: set restrictDefaultSecurityGroup: true`);
      return pass(`the default security group ${sg.GroupId} of deployed ${vpcId} (${r.physicalId}) has no rules`);
    },
  };
}
