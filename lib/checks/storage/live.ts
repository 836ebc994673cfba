// Live checks of storage: EBS volumes and S3 buckets as deployed, through the SDK. SDK errors propagate.
import type { PublicAccessBlockConfiguration } from '@aws-sdk/client-s3';
import { fail, pass } from '../../model/verdict';
import type { LiveCheck } from '../../model/live-check';
import { deletedByHand, describeVolume, errorName, isVerdict, notDeployed } from '../../live/deployed';
import { sdk } from '../../live/sdk';

/** The deployed EBS volume is encrypted at rest. */
export function liveVolumeEncrypted(id: string, volumeId: string): LiveCheck {
  return {
    id,
    apiCalls: ['ec2:DescribeVolumes'],
    driftSubjects: [volumeId],
    run: async (ctx) => {
      const found = await describeVolume(ctx, volumeId);
      if (isVerdict(found)) return found;
      const { volume, r } = found;
      ctx.record({ call: 'ec2:DescribeVolumes', request: { VolumeIds: [r.physicalId] }, observed: { Encrypted: volume.Encrypted, KmsKeyId: volume.KmsKeyId } });
      if (volume.Encrypted !== true) return fail(`deployed ${volumeId} (${r.physicalId}) is not encrypted at rest`);
      return pass(`deployed ${volumeId} (${r.physicalId}) is encrypted at rest`);
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
        config = (await ctx.client(sdk.s3().S3Client).send(new (sdk.s3().GetPublicAccessBlockCommand)({ Bucket: r.physicalId }))).PublicAccessBlockConfiguration ?? {};
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

/** The deployed bucket has versioning enabled (not suspended, not never enabled). */
export function liveBucketVersioned(id: string, bucketId: string): LiveCheck {
  return {
    id,
    apiCalls: ['s3:GetBucketVersioning'],
    driftSubjects: [bucketId],
    run: async (ctx) => {
      const r = ctx.resource(bucketId);
      if (!r) return notDeployed(ctx, bucketId);
      let status: string | undefined;
      try {
        const out = await ctx.client(sdk.s3().S3Client).send(new (sdk.s3().GetBucketVersioningCommand)({ Bucket: r.physicalId }));
        status = out.Status;
      } catch (err) {
        if (errorName(err) === 'NoSuchBucket') return deletedByHand(bucketId, r);
        throw err;
      }
      ctx.record({ call: 's3:GetBucketVersioning', request: { Bucket: r.physicalId }, observed: { Status: status ?? null } });
      if (status !== 'Enabled') return fail(`deployed ${bucketId} (${r.physicalId}) has versioning ${status ? status.toLowerCase() : 'never enabled'}: an overwritten or deleted invoice cannot be recovered`);
      return pass(`deployed ${bucketId} (${r.physicalId}) has versioning enabled`);
    },
  };
}
