// Live checks of databases: RDS instances as deployed, through the SDK. SDK errors propagate.
import { fail, pass } from '../../model/verdict';
import type { LiveCheck } from '../../model/live-check';
import { describeDbInstance, isVerdict } from '../../live/deployed';

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

/** CHG-1 is live: the deployed instance runs on `instanceClass`. */
export function liveDbInstanceClass(id: string, dbId: string, instanceClass: string): LiveCheck {
  return {
    id,
    apiCalls: ['rds:DescribeDBInstances'],
    driftSubjects: [dbId],
    run: async (ctx) => {
      const found = await describeDbInstance(ctx, dbId);
      if (isVerdict(found)) return found;
      const { db, r } = found;
      ctx.record({ call: 'rds:DescribeDBInstances', request: { DBInstanceIdentifier: r.physicalId }, observed: { DBInstanceClass: db.DBInstanceClass, DBInstanceStatus: db.DBInstanceStatus } });
      if (db.DBInstanceClass !== instanceClass) return fail(`deployed ${dbId} (${r.physicalId}) runs on ${db.DBInstanceClass}, not ${instanceClass}: deploy the change`);
      return pass(`deployed ${dbId} (${r.physicalId}) runs on ${instanceClass}`);
    },
  };
}
