import * as fs from 'fs';
import * as path from 'path';
import drill from '../../../../drills/01-basics/shared-responsibility/drill';
import { proveDrill } from '../../drill-proof';
import { variant } from '../../variant';

const lab = path.join(drill.dir, 'lab.ts');
const solution = path.join(drill.dir, 'solution.ts');

const VOLUME_START = "    new ec2.Volume(this, 'ScratchVolume', {\n";
const DB = "    new LabPostgres(this, 'ReportsDb', { vpc, databaseName: 'reports', storageEncrypted: true });\n";

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

const IMPORTS = "import { Construct } from 'constructs';";
const MORE_IMPORTS = `${IMPORTS}\nimport { Aws, CfnCondition, CfnResource, Fn } from 'aws-cdk-lib';\nimport * as lambda from 'aws-cdk-lib/aws-lambda';\nimport * as rds from 'aws-cdk-lib/aws-rds';\nimport * as cr from 'aws-cdk-lib/custom-resources';`;
const UPLOADS = "    new LabBucket(this, 'UploadsBucket', { overrides: { blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL } });\n";
const VOLUME_ENCRYPTED = '      encrypted: true,\n      removalPolicy: RemovalPolicy.DESTROY,\n    });\n';
const NEVER = "    const never = new CfnCondition(this, 'Never', { expression: Fn.conditionEquals(Aws.REGION, 'xx-nowhere-1') });\n";

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
      [DB, DB + '    */\n'],
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
    labFile: variant(solution, 'default-sg-unset', [["new LabVpc(this, 'Vpc', { restrictDefaultSecurityGroup: true });", "new LabVpc(this, 'Vpc');"]]),
    failing: ['default-sg-restricted'],
  },
  {
    name: 'encrypted everything, with a plan that keeps no snapshot of the replaced data',
    labFile: solution,
    runbookFile: runbookWithoutSnapshots(),
    failing: ['change-recorded'],
  },
  // Identity: the public bucket kept under another construct id, a private decoy at UploadsBucket.
  {
    name: 'kept the public bucket under another construct id (overrideLogicalId) and added a private decoy UploadsBucket',
    labFile: variant(lab, 'decoy-bucket', [
      ["    const uploads = new LabBucket(this, 'UploadsBucket', {", "    const uploads = new LabBucket(this, 'OldUploads', {"],
      ["    Validations.of(uploads.bucket).acknowledge({ id: 'AwsSolutions-S2', reason: 'DRILL: trap public-bucket' });\n", `    Validations.of(uploads.bucket).acknowledge({ id: 'AwsSolutions-S2', reason: 'DRILL: trap public-bucket' });
    (uploads.bucket.node.defaultChild as s3.CfnBucket).overrideLogicalId('UploadsBucket6E76B673');
    const decoy = new LabBucket(this, 'UploadsBucket');
    (decoy.bucket.node.defaultChild as s3.CfnBucket).overrideLogicalId('UploadsDecoy');\n`],
    ]),
    failing: ['bucket-private'],
    because: /^UploadsBucket: PublicAccessBlockConfiguration\.BlockPublicAcls is false/,
  },
  // Conditions.
  {
    name: 'encrypted the volume only in a region that does not exist (Fn::If)',
    labFile: variant(solution, 'volume-fake-region', [
      [IMPORTS, MORE_IMPORTS],
      [VOLUME_ENCRYPTED, `      encrypted: false,\n      removalPolicy: RemovalPolicy.DESTROY,\n    });\n${NEVER}    ((this.node.findChild('ScratchVolume') as ec2.Volume).node.defaultChild as ec2.CfnVolume).encrypted = Fn.conditionIf(never.logicalId, true, false);\n`],
    ]),
    failing: ['volume-encrypted'],
    because: /^ScratchVolume: Encrypted is false, want true/,
  },
  {
    name: 'encrypted the database only in us-east-1',
    labFile: variant(solution, 'db-us-east-1', [
      [IMPORTS, MORE_IMPORTS],
      [DB, DB.replace('    new LabPostgres', '    const db = new LabPostgres')],
      [UPLOADS, `${UPLOADS}    const virginia = new CfnCondition(this, 'Virginia', { expression: Fn.conditionEquals(Aws.REGION, 'us-east-1') });
    (db.node.defaultChild as rds.CfnDBInstance).storageEncrypted = Fn.conditionIf(virginia.logicalId, true, false);\n`],
    ]),
    failing: ['db-encrypted'],
    because: /^in every region except us-east-1: ReportsDb: StorageEncrypted is false, want true/,
  },
  // Undone after deploy, or a fake stand-in for CDK's own custom resource.
  {
    name: 'a fake Custom::VpcRestrictDefaultSG whose handler is the lab\'s own function',
    labFile: variant(solution, 'fake-restrict-default-sg', [
      [IMPORTS, MORE_IMPORTS],
      ['restrictDefaultSecurityGroup: true', 'restrictDefaultSecurityGroup: false'],
      [UPLOADS, `${UPLOADS}    const handler = new lambda.Function(this, 'SgHandler', { runtime: lambda.Runtime.NODEJS_22_X, handler: 'index.handler', code: lambda.Code.fromInline('exports.handler = async () => ({ PhysicalResourceId: "x" });') });
    new CfnResource(this, 'RestrictDefaultSg', { type: 'Custom::VpcRestrictDefaultSG', properties: { ServiceToken: handler.functionArn, DefaultSecurityGroupId: vpc.vpcDefaultSecurityGroup, Account: Aws.ACCOUNT_ID } });\n`],
    ]),
    failing: ['volume-encrypted', 'db-encrypted', 'bucket-private', 'default-sg-restricted'],
    because: /out of scope: RestrictDefaultSg\w* \(Custom::VpcRestrictDefaultSG\) is not CDK's own: its ServiceToken points at SgHandler\w+, whose code differs/,
  },
  {
    name: 'an AwsCustomResource that deletes the bucket\'s public access block after deploy',
    labFile: variant(solution, 'custom-resource-reopens-bucket', [
      [IMPORTS, MORE_IMPORTS],
      [UPLOADS, `    const uploads = new LabBucket(this, 'UploadsBucket', { overrides: { blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL } });
    new cr.AwsCustomResource(this, 'Reopen', {
      onCreate: { service: 'S3', action: 'deletePublicAccessBlock', parameters: { Bucket: uploads.bucket.bucketName }, physicalResourceId: cr.PhysicalResourceId.of('reopen') },
      policy: cr.AwsCustomResourcePolicy.fromSdkCalls({ resources: [uploads.bucket.bucketArn] }),
      installLatestAwsSdk: false,
    });\n`],
    ]),
    failing: ['volume-encrypted', 'db-encrypted', 'bucket-private', 'default-sg-restricted'],
    because: /out of scope: Reopen\/Resource\/Default \(Custom::AWS\) is a custom resource: it calls S3\.deletePublicAccessBlock after deploy/,
  },
], [
  {
    name: 'dropped the LabBucket override and storageEncrypted: the blocks\' defaults are private and encrypted (default keys)',
    labFile: variant(solution, 'no-override', [
      ["{ vpc, databaseName: 'reports', storageEncrypted: true }", "{ vpc, databaseName: 'reports' }"],
      ["    new LabBucket(this, 'UploadsBucket', { overrides: { blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL } });\n", "    new LabBucket(this, 'UploadsBucket');\n"],
      ["import * as s3 from 'aws-cdk-lib/aws-s3';\n", ''],
    ]),
  },
]);
