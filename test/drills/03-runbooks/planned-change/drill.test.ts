import * as fs from 'fs';
import * as path from 'path';
import drill from '../../../../drills/03-runbooks/planned-change/drill';
import { proveDrill } from '../../drill-proof';
import { Edit, variant } from '../../variant';

const lab = path.join(drill.dir, 'lab.ts');
const solution = path.join(drill.dir, 'solution.ts');
const runbook = path.join(drill.dir, 'RUNBOOK.solution.md');

/** The reference runbook with a few edits, written beside the lab variants. */
function runbookVariant(name: string, edits: readonly Edit[]): string {
  let source = fs.readFileSync(runbook, 'utf8');
  for (const [from, to] of edits) {
    if (source.split(from).length !== 2) throw new Error(`runbook variant ${name}: expected exactly one "${from.slice(0, 60)}"`);
    source = source.replace(from, () => to);
  }
  const file = path.resolve(__dirname, '../../../.variants', drill.id, `${name}.md`);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, source);
  return file;
}

/** Every section of the blank template answered with a placeholder. */
function placeholderRunbook(): string {
  const blank = fs.readFileSync(path.join(drill.dir, 'RUNBOOK.md'), 'utf8');
  const file = path.resolve(__dirname, '../../../.variants', drill.id, 'placeholders.md');
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, blank.replace(/-->\n/g, '-->\nTODO\n'));
  return file;
}

const ALL = ['db-resized', 'db-port-only', 'change-planned'];

proveDrill(drill, [
  {
    name: 'renamed the database construct while resizing it (CloudFormation replaces CatalogDb: data lost)',
    labFile: variant(solution, 'renamed-db', [["new LabPostgres(this, 'CatalogDb', {", "new LabPostgres(this, 'CatalogDatabase', {"]]),
    failing: ALL,
  },
  {
    name: 'tidied up the database name in the same change (DBName forces a replacement)',
    labFile: variant(solution, 'renamed-dbname', [
      // Only DBName: the master user stays catalog_admin (LabPostgres names it after the database).
      ["databaseName: 'catalog',", "databaseName: 'catalogue',\n      credentials: rds.Credentials.fromUsername('catalog_admin'),"],
      ["import { Construct } from 'constructs';", "import { Construct } from 'constructs';\nimport * as rds from 'aws-cdk-lib/aws-rds';"],
    ]),
    failing: ALL,
  },
  {
    name: 'added the port rule but left the all-traffic rule in place',
    labFile: variant(lab, 'kept-all-traffic', [
      ['ec2.InstanceClass.T3, ec2.InstanceSize.MICRO', 'ec2.InstanceClass.T3, ec2.InstanceSize.SMALL'],
      ["dbSg.addIngressRule(appSg, ec2.Port.allTraffic(), 'Catalogue app servers');", "dbSg.addIngressRule(appSg, ec2.Port.allTraffic(), 'Catalogue app servers');\n    dbSg.addIngressRule(appSg, ec2.Port.tcp(dbPort), 'PostgreSQL');"],
    ]),
    failing: ['db-port-only'],
  },
  {
    name: 'narrowed the rule to a port range instead of the database port',
    labFile: variant(solution, 'port-range', [['ec2.Port.tcp(dbPort)', 'ec2.Port.tcpRange(1024, 65535)']]),
    failing: ['db-port-only'],
  },
  {
    name: 'the change plan names the database but not the security group',
    labFile: solution,
    runbookFile: runbookVariant('plan-omits-sg', [
      ['1. CHG-2 first (no downtime): in DbSecurityGroup, replace', '1. CHG-2 first (no downtime): in the database firewall, replace'],
    ]),
    failing: ['change-planned'],
  },
  {
    name: 'the stop rules do not say to stop when the database would be replaced',
    labFile: solution,
    runbookFile: runbookVariant('stop-rules-vague', [[
      '- Stop before deploying if `cdk diff` shows CatalogDb replaced or deleted ("requires replacement",\n  "destroy"), or any resource other than CatalogDb and DbSecurityGroup changed.\n- Stop and roll back if CatalogDb is not `available` within 20 minutes of the deploy, or if the app servers\n  cannot reach port 5433 after CHG-2.',
      '- Stop if something looks wrong after the deploy.',
    ]]),
    failing: ['change-planned'],
  },
  {
    name: 'the code is right but every runbook section is a placeholder',
    labFile: solution,
    runbookFile: placeholderRunbook(),
    failing: ['change-planned'],
  },
], [
  {
    name: 'opened the default port with db.connections.allowDefaultPortFrom(appSg)',
    labFile: variant(solution, 'allow-default-port', [
      ["    dbSg.addIngressRule(appSg, ec2.Port.tcp(dbPort), 'Catalogue app servers to PostgreSQL');\n", ''],
      ["    new LabPostgres(this, 'CatalogDb', {", "    const db = new LabPostgres(this, 'CatalogDb', {"],
      ["      backupRetention: Duration.days(1),\n    });\n", "      backupRetention: Duration.days(1),\n    });\n    db.connections.allowDefaultPortFrom(appSg, 'Catalogue app servers');\n"],
    ]),
  },
]);
