import { defineDrill } from '../../../lib/model/drill';
import { noNagFindings, resourceHas, runbookCoversChanges, runbookMentions, runbookSectionsFilled, want } from '../../../lib/checks';
import { RUNBOOK_SECTIONS } from '../../runbook-sections';
import { liveDbBackupRetention, liveDbDeletionProtected } from '../../../lib/checks/database/live';
import { liveBucketVersioned } from '../../../lib/checks/storage/live';

const DB = 'AWS::RDS::DBInstance';
const BUCKET = 'AWS::S3::Bucket';
/** The shortest retention the briefing accepts: a week of point-in-time restore. */
const MIN_BACKUP_DAYS = 7;
export default defineDrill({
  id: 'stateful-protection',
  module: '04',
  title: 'Stateful resources without protection',
  summary: 'An orders database and an invoice bucket would lose their data to one wrong deploy or delete; protect them so the stack is safe to update and roll back.',
  soaTasks: ['2.3'],
  difficulty: 'core',
  estimatedCostPerHour: 0.02,
  dir: __dirname,
  runbook: { sections: RUNBOOK_SECTIONS },
  // The CloudFormation spec marks BackupRetentionPeriod as a conditional replacement; turning backups
  // on for a standalone instance is an in-place modify (a brief I/O suspension). Any other
  // replacement of OrdersDb is still out of scope.
  scope: { inPlace: { OrdersDb: ['BackupRetentionPeriod'] } },
  traps: [
    { id: 'no-deletion-protection', description: 'OrdersDb has deletion protection off', objective: 'deletion-protected', resource: 'OrdersDb' },
    { id: 'no-snapshot-on-delete', description: 'OrdersDb is deleted (or replaced) by CloudFormation without a final snapshot (removal policy DESTROY)', objective: 'snapshot-on-delete', resource: 'OrdersDb' },
    { id: 'backups-off', description: 'OrdersDb has automated backups off (BackupRetentionPeriod 0)', objective: 'automated-backups', resource: 'OrdersDb' },
    { id: 'unversioned-bucket', description: 'InvoicesBucket has versioning off', objective: 'bucket-versioned', resource: 'InvoicesBucket' },
    { id: 'runbook-unfilled', description: 'RUNBOOK.md is the blank template', objective: 'change-recorded', resource: 'RUNBOOK.md' },
  ],
  objectives: [
    {
      id: 'deletion-protected',
      title: 'The orders database refuses to be deleted',
      weight: 2,
      soaTask: '2.3',
      hint: 'Set deletionProtection: true on OrdersDb.',
      checks: [
        resourceHas('deletion-protection', 'OrdersDb', DB, [{ path: 'DeletionProtection', ...want.equals(true) }]),
        noNagFindings('deletion-protection-nag', ['AwsSolutions-RDS10'], ['OrdersDb']),
      ],
      liveChecks: [liveDbDeletionProtected('deletion-protection-live', 'OrdersDb')],
    },
    {
      id: 'snapshot-on-delete',
      title: 'Deleting or replacing the database through CloudFormation leaves a final snapshot',
      weight: 2,
      soaTask: '2.3',
      hint: 'Set removalPolicy: RemovalPolicy.SNAPSHOT on OrdersDb (it sets both DeletionPolicy and UpdateReplacePolicy).',
      checks: [
        resourceHas('snapshot-policies', 'OrdersDb', DB, [
          { path: 'DeletionPolicy', ...want.equals('Snapshot') },
          { path: 'UpdateReplacePolicy', ...want.equals('Snapshot') },
        ]),
      ],
    },
    {
      id: 'automated-backups',
      title: `Automated backups are on, with at least ${MIN_BACKUP_DAYS} days of point-in-time restore`,
      weight: 2,
      soaTask: '2.3',
      hint: `Set backupRetention: Duration.days(${MIN_BACKUP_DAYS}) (or more) on OrdersDb; a backup window alone does not turn backups on.`,
      checks: [
        resourceHas('backup-retention', 'OrdersDb', DB, [{ path: 'BackupRetentionPeriod', ...want.atLeast(MIN_BACKUP_DAYS) }]),
        noNagFindings('backup-nag', ['AwsSolutions-RDS13'], ['OrdersDb']),
      ],
      liveChecks: [liveDbBackupRetention('backup-retention-live', 'OrdersDb', MIN_BACKUP_DAYS)],
    },
    {
      id: 'bucket-versioned',
      title: 'Invoices can be recovered after an overwrite or a delete',
      weight: 1,
      soaTask: '2.3',
      hint: 'Pass overrides: { versioned: true } to the InvoicesBucket LabBucket (a lifecycle rule for old versions keeps the cost down).',
      checks: [resourceHas('versioning', 'InvoicesBucket', BUCKET, [{ path: 'VersioningConfiguration.Status', ...want.equals('Enabled') }])],
      liveChecks: [liveBucketVersioned('versioning-live', 'InvoicesBucket/Bucket')],
    },
    {
      id: 'change-recorded',
      title: 'The runbook records the change and how data is restored',
      weight: 1,
      soaTask: '2.3',
      hint: 'Fill every section of RUNBOOK.md; under Rollback path, say how you restore the database (point-in-time or from a snapshot) and an invoice (a previous object version); under Record, name each resource you changed.',
      checks: [
        runbookSectionsFilled('runbook-filled', RUNBOOK_SECTIONS),
        runbookMentions('restore-path', 'Rollback path', [
          { label: 'how the database is restored (point-in-time or from a snapshot)', pattern: /point-in-time|restore-db-instance|snapshot/i },
          { label: 'how an invoice is restored (a previous object version)', pattern: /version/i },
        ]),
        runbookCoversChanges('record-covers-diff', 'Record'),
      ],
    },
  ],
});
