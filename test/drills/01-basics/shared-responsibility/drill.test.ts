import * as fs from 'fs';
import * as path from 'path';
import drill from '../../../../drills/01-basics/shared-responsibility/drill';
import { proveDrill } from '../../drill-proof';
import { variant } from '../../variant';

const lab = path.join(drill.dir, 'lab.ts');
const solution = path.join(drill.dir, 'solution.ts');

const VOLUME_START = "    new ec2.Volume(this, 'ScratchVolume', {\n";
const DB_ACKS_END = "deletion protection is drilled in module 04' });\n";

/** The reference runbook without the snapshot: the code is right, the plan would lose the data. */
function runbookWithoutSnapshots(): string {
  const text = fs.readFileSync(path.join(drill.dir, 'RUNBOOK.solution.md'), 'utf8');
  const file = path.resolve(__dirname, '../../../.variants/shared-responsibility/RUNBOOK.no-snapshot.md');
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const plan = [
    '## Change plan',
    '1. ScratchVolume: `encrypted: true`.',
    '2. ReportsDb: `storageEncrypted: true`.',
    '3. UploadsBucket: all four public access blocks on. Vpc: `restrictDefaultSecurityGroup: true`.',
    '4. `cdk diff`, then `cdk deploy`.',
    '',
  ].join('\n');
  fs.writeFileSync(file, text.replace(/## Change plan\n[\s\S]*?(?=## Stop rules)/, plan + '\n'));
  return file;
}

proveDrill(drill, [
  {
    name: 'acknowledged the cdk-nag findings instead of fixing them',
    labFile: variant(lab, 'silenced-nag', [
      ['    super(scope, id, props);\n', "    super(scope, id, props);\n    for (const id of ['AwsSolutions-EC26', 'AwsSolutions-RDS2', 'AwsSolutions-S2']) Validations.of(this).acknowledge({ id, reason: 'accepted risk' });\n"],
    ]),
    failing: ['volume-encrypted', 'db-encrypted', 'bucket-private'],
  },
  {
    name: 'deleted the volume and the database instead of encrypting them',
    labFile: variant(solution, 'deleted-volume-db', [
      [VOLUME_START, '    /* volume and database removed\n' + VOLUME_START],
      [DB_ACKS_END, DB_ACKS_END + '    */\n'],
    ]),
    failing: ['volume-encrypted', 'db-encrypted'],
  },
  {
    name: 'blocked public ACLs only (BLOCK_ACLS_ONLY)',
    labFile: variant(solution, 'acls-only', [['s3.BlockPublicAccess.BLOCK_ALL', 's3.BlockPublicAccess.BLOCK_ACLS_ONLY']]),
    failing: ['bucket-private'],
  },
  {
    name: 'left restrictDefaultSecurityGroup unset (the default without the feature flag keeps the rules)',
    labFile: variant(solution, 'default-sg-unset', [['      restrictDefaultSecurityGroup: true,\n', '']]),
    failing: ['default-sg-restricted'],
  },
  {
    name: 'encrypted everything, with a plan that keeps no snapshot of the replaced data',
    labFile: solution,
    runbookFile: runbookWithoutSnapshots(),
    failing: ['change-recorded'],
  },
], [
  {
    name: 'dropped the LabBucket override and encrypted with the default keys',
    labFile: variant(solution, 'no-override', [
      ["    new LabBucket(this, 'UploadsBucket', { overrides: { blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL } });\n", "    new LabBucket(this, 'UploadsBucket');\n"],
      ["import * as s3 from 'aws-cdk-lib/aws-s3';\n", ''],
    ]),
  },
]);
