import * as path from 'path';
import drill from '../../../../drills/04-deploy/stateful-protection/drill';
import { proveDrill } from '../../drill-proof';
import { variant } from '../../variant';

const lab = path.join(drill.dir, 'lab.ts');
const solution = path.join(drill.dir, 'solution.ts');

const PROTECTED = `      deletionProtection: true,
      removalPolicy: RemovalPolicy.SNAPSHOT,
      backupRetention: Duration.days(7),
      preferredBackupWindow: '03:00-03:30',
`;
const DB = "    new LabPostgres(this, 'OrdersDb', {\n";
const with_ = (name: string, settings: string) => variant(solution, name, [[PROTECTED, settings]]);
const IMPORTS = "import { Construct } from 'constructs';";
const MORE_IMPORTS = `${IMPORTS}\nimport { Aws, CfnCondition, CfnResource, Fn } from 'aws-cdk-lib';\nimport * as iam from 'aws-cdk-lib/aws-iam';\nimport * as lambda from 'aws-cdk-lib/aws-lambda';\nimport * as rds from 'aws-cdk-lib/aws-rds';\nimport * as scheduler from 'aws-cdk-lib/aws-scheduler';`;
const END = "        lifecycleRules: [{ noncurrentVersionExpiration: Duration.days(30) }],\n      },\n    });\n";

proveDrill(
  drill,
  [
    {
      name: 'turned deletion protection on but kept removal policy DESTROY',
      labFile: with_('protection-but-destroy', PROTECTED.replace('RemovalPolicy.SNAPSHOT', 'RemovalPolicy.DESTROY')),
      failing: ['snapshot-on-delete'],
    },
    {
      name: 'set a backup window but left the retention at 0 (backups still off)',
      labFile: with_('window-no-retention', PROTECTED.replace('Duration.days(7)', 'Duration.days(0)')),
      failing: ['automated-backups'],
    },
    {
      name: 'turned backups on with one day of retention',
      labFile: with_('one-day-retention', PROTECTED.replace('Duration.days(7)', 'Duration.days(1)')),
      failing: ['automated-backups'],
    },
    {
      name: 'acknowledged the cdk-nag findings for the whole stack and versioned the bucket only',
      labFile: variant(lab, 'silenced-nag', [
        ['    super(scope, id, props);\n', "    super(scope, id, props);\n    for (const id of ['AwsSolutions-RDS10', 'AwsSolutions-RDS13']) Validations.of(this).acknowledge({ id, reason: 'reviewed' });\n"],
        ['{ overrides: { versioned: false } }', '{ overrides: { versioned: true } }'],
      ]),
      failing: ['deletion-protected', 'snapshot-on-delete', 'automated-backups'],
    },
    {
      name: 'replaced the database with a new, protected one (new construct id)',
      labFile: variant(solution, 'new-database', [["new LabPostgres(this, 'OrdersDb', {", "new LabPostgres(this, 'OrdersDatabase', {"]]),
      failing: ['deletion-protected', 'snapshot-on-delete', 'automated-backups', 'bucket-versioned'],
    },
    {
      name: 'replaced the database by giving it a fixed identifier',
      labFile: variant(solution, 'named-database', [["      databaseName: 'orders',\n", "      databaseName: 'orders',\n      instanceIdentifier: this.labName('orders'),\n"]]),
      failing: ['deletion-protected', 'snapshot-on-delete', 'automated-backups'],
    },
    {
      name: 'turned deletion protection on only in us-east-1',
      labFile: variant(solution, 'protected-us-east-1', [
        [IMPORTS, MORE_IMPORTS],
        [DB, `    const db = ${DB.trimStart()}`],
        [END, `${END}    const virginia = new CfnCondition(this, 'Virginia', { expression: Fn.conditionEquals(Aws.REGION, 'us-east-1') });
    (db.node.defaultChild as rds.CfnDBInstance).deletionProtection = Fn.conditionIf(virginia.logicalId, true, false);\n`],
      ]),
      failing: ['deletion-protected'],
      because: /^in every region except us-east-1: OrdersDb: DeletionProtection is false, want true/,
    },
    {
      name: 'a fake Custom::S3AutoDeleteObjects on the invoices bucket, backed by the lab\'s own function',
      labFile: variant(solution, 'fake-auto-delete', [
        [IMPORTS, MORE_IMPORTS],
        [END, `${END}    const emptier = new lambda.Function(this, 'Emptier', { runtime: lambda.Runtime.NODEJS_22_X, handler: 'index.handler', code: lambda.Code.fromInline('exports.handler = async () => { /* suspend versioning, delete every version */ };') });
    new CfnResource(this, 'InvoicesAutoDelete', { type: 'Custom::S3AutoDeleteObjects', properties: { ServiceToken: emptier.functionArn, BucketName: 'invoices' } });\n`],
      ]),
      failing: ['deletion-protected', 'snapshot-on-delete', 'automated-backups', 'bucket-versioned'],
      because: /out of scope: InvoicesAutoDelete \(Custom::S3AutoDeleteObjects\) is not CDK's own: its ServiceToken points at Emptier\w+/,
    },
    {
      name: 'a schedule that turns deletion protection off again an hour after deploy (universal target)',
      labFile: variant(solution, 'schedule-undoes-protection', [
        [IMPORTS, MORE_IMPORTS],
        [END, `${END}    const role = new iam.Role(this, 'UndoRole', { assumedBy: new iam.ServicePrincipal('scheduler.amazonaws.com') });
    new scheduler.CfnSchedule(this, 'Undo', {
      scheduleExpression: 'rate(1 hour)', flexibleTimeWindow: { mode: 'OFF' },
      target: { arn: 'arn:aws:scheduler:::aws-sdk:rds:modifyDBInstance', roleArn: role.roleArn, input: JSON.stringify({ DbInstanceIdentifier: 'orders', DeletionProtection: false }) },
    });\n`],
      ]),
      failing: ['deletion-protected', 'snapshot-on-delete', 'automated-backups', 'bucket-versioned'],
      because: /out of scope: the schedule Undo calls rds:modifyDBInstance/,
    },
    {
      name: 'deleted the trap settings, leaving deletion protection and the removal policy to LabPostgres (off and DESTROY, acknowledged as LAB:)',
      labFile: variant(lab, 'block-defaults', [
        ['      deletionProtection: false,\n      removalPolicy: RemovalPolicy.DESTROY,\n', ''],
        ["    Validations.of(db).acknowledge({ id: 'AwsSolutions-RDS10', reason: 'DRILL: trap no-deletion-protection' });\n", ''],
      ]),
      failing: ['deletion-protected', 'snapshot-on-delete'],
      because: /OrdersDb/,
    },
    {
      name: 'retained the database instead of snapshotting it',
      labFile: with_('retain', PROTECTED.replace('RemovalPolicy.SNAPSHOT', 'RemovalPolicy.RETAIN')),
      failing: ['snapshot-on-delete'],
    },
  ],
  [
    {
      name: 'fourteen days of backups and no lifecycle rule on old invoice versions',
      labFile: variant(solution, 'longer-retention', [
        [PROTECTED, PROTECTED.replace('Duration.days(7)', 'Duration.days(14)').replace("      preferredBackupWindow: '03:00-03:30',\n", '')],
        ["        lifecycleRules: [{ noncurrentVersionExpiration: Duration.days(30) }],\n", ''],
      ]),
    },
  ],
);
