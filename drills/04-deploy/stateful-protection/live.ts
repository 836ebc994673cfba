// Live checks of stateful-protection: the deployed OrdersDb and InvoicesBucket, through the SDK.
// Written against the LiveContext contract only (lib/live/live-check.ts); SDK errors propagate.
import { GetBucketVersioningCommand, S3Client } from '@aws-sdk/client-s3';
import { fail, pass } from '../../../lib/grading/drill';
import type { LiveCheck } from '../../../lib/live/live-check';
import { deletedByHand, describeDbInstance, errorName, isVerdict, notDeployed } from '../../../lib/live/checks/deployed';



/** The deployed database has deletion protection on. */
export function liveDbDeletionProtected(id: string, dbId: string): LiveCheck {
  return {
    id,
    apiCalls: ['rds:DescribeDBInstances'],
    driftSubjects: [dbId],
    run: async (ctx) => {
      const found = await describeDbInstance(ctx, dbId);
      if (isVerdict(found)) return found;
      const { db, r } = found;
      ctx.record({ call: 'rds:DescribeDBInstances', request: { DBInstanceIdentifier: r.physicalId }, observed: { DeletionProtection: db.DeletionProtection } });
      if (db.DeletionProtection !== true) return fail(`deployed ${dbId} (${r.physicalId}) has deletion protection off: one delete, by hand or by CloudFormation, loses the data`);
      return pass(`deployed ${dbId} (${r.physicalId}) has deletion protection on`);
    },
  };
}

/** The deployed database keeps automated backups for at least `minDays` days. */
export function liveDbBackupRetention(id: string, dbId: string, minDays: number): LiveCheck {
  return {
    id,
    apiCalls: ['rds:DescribeDBInstances'],
    driftSubjects: [dbId],
    run: async (ctx) => {
      const found = await describeDbInstance(ctx, dbId);
      if (isVerdict(found)) return found;
      const { db, r } = found;
      const days = db.BackupRetentionPeriod ?? 0;
      ctx.record({ call: 'rds:DescribeDBInstances', request: { DBInstanceIdentifier: r.physicalId }, observed: { BackupRetentionPeriod: db.BackupRetentionPeriod, PreferredBackupWindow: db.PreferredBackupWindow } });
      if (days === 0) return fail(`deployed ${dbId} (${r.physicalId}) has automated backups off (BackupRetentionPeriod 0): no point-in-time restore`);
      if (days < minDays) return fail(`deployed ${dbId} (${r.physicalId}) keeps backups for ${days} day${days === 1 ? '' : 's'}; at least ${minDays} are required`);
      return pass(`deployed ${dbId} (${r.physicalId}) keeps ${days} days of automated backups`);
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
        const out = await ctx.client(S3Client).send(new GetBucketVersioningCommand({ Bucket: r.physicalId }));
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
