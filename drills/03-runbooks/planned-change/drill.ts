import { defineDrill, StaticCheck } from '../../../lib/model/drill';
import { fail, pass } from '../../../lib/model/verdict';
import {
  locateResource, resourceHas, runbookCoversChanges, runbookMentions, runbookSectionsFilled, runbookStopRulesGuard, shownValue, want,
} from '../../../lib/checks';
import { asList, refTarget, resources } from '../../../lib/template/read';
import { TemplateJson } from '../../../lib/model/template';
import { RUNBOOK_SECTIONS } from '../../runbook-sections';
import { liveDbInstanceClass } from '../../../lib/checks/database/live';
import { liveDbIngressOnlyPort } from '../../../lib/checks/network/live';

const DB = 'AWS::RDS::DBInstance';
const SG = 'AWS::EC2::SecurityGroup';
/** CHG-1: the instance class the change request asks for. */
/** The port the lab's PostgreSQL listens on (lab.ts: dbPort). */
const DB_PORT = 5433;
const TARGET_CLASS = 'db.t3.small';

interface IngressRule {
  readonly protocol: string;
  readonly from: unknown;
  readonly to: unknown;
  readonly sourceSg?: string;
  readonly cidr?: unknown;
  readonly where: string;
}

/** Every ingress rule of a security group: inline ones and AWS::EC2::SecurityGroupIngress resources pointing at it. */
function ingressOf(template: TemplateJson, sgLogicalId: string, inline: unknown): IngressRule[] {
  const rule = (r: any, where: string): IngressRule => ({
    protocol: String(r.IpProtocol),
    from: r.FromPort,
    to: r.ToPort,
    sourceSg: refTarget(r.SourceSecurityGroupId),
    cidr: r.CidrIp ?? r.CidrIpv6 ?? r.SourcePrefixListId,
    where,
  });
  const rules = asList(inline as any[]).map((r) => rule(r, 'inline rule'));
  for (const r of resources(template, { type: 'AWS::EC2::SecurityGroupIngress' })) {
    if (refTarget(r.resource.Properties?.GroupId) === sgLogicalId) rules.push(rule(r.resource.Properties, r.path || r.logicalId));
  }
  return rules;
}

/** The database port as a rule may spell it: the literal Port of the instance, or its Endpoint.Port attribute. */
function isDbPort(value: unknown, port: unknown, dbLogicalId: string): boolean {
  if (value === undefined || value === null) return false;
  const att = (value as any)?.['Fn::GetAtt'];
  if (Array.isArray(att)) return att[0] === dbLogicalId && att[1] === 'Endpoint.Port';
  return port !== undefined && String(value) === String(port);
}

/**
 * CHG-2: the database's security group admits exactly one thing, TCP on the database's port from
 * the app tier's security group: no other port, no other source, no CIDR.
 */
function dbIngressOnlyFromApp(id: string, sgId: string, dbId: string, appSgId: string): StaticCheck {
  return {
    id,
    run: (e) => {
      const { template } = e;
      const sg = locateResource(e, sgId, SG);
      if (!sg) return fail(`${sgId} (${SG}) is missing from the template: tighten its rule, don't delete it`);
      const db = locateResource(e, dbId, DB);
      if (!db) return fail(`${dbId} (${DB}) is missing from the template: fix it, don't delete it`);
      const app = locateResource(e, appSgId, SG);
      if (!app) return fail(`${appSgId} (${SG}) is missing from the template: the database must stay reachable from the app tier`);
      const port = db.resource.Properties?.Port;
      const want = `tcp ${shownValue(port)} from ${appSgId}`;
      const rules = ingressOf(template, sg.logicalId, sg.resource.Properties?.SecurityGroupIngress);
      const describe = (r: IngressRule) => {
        const ports = r.protocol === '-1' ? 'all traffic' : `${r.protocol} ${shownValue(r.from)}${r.to !== r.from ? `-${shownValue(r.to)}` : ''}`;
        const source = r.sourceSg ? (r.sourceSg === app.logicalId ? appSgId : r.sourceSg) : shownValue(r.cidr);
        return `${ports} from ${source}`;
      };
      const wrong = rules.filter((r) =>
        !(['tcp', '6'].includes(r.protocol) && isDbPort(r.from, port, db.logicalId) && isDbPort(r.to, port, db.logicalId) && r.sourceSg === app.logicalId && r.cidr === undefined));
      if (wrong.length) return fail(`${sgId} admits ${wrong.map(describe).join('; ')}: CHG-2 allows only ${want}`);
      if (rules.length === 0) return fail(`${sgId} admits nothing: the app tier can no longer reach ${dbId}; CHG-2 asks for ${want}`);
      return pass(`${sgId} admits only ${want}`);
    },
  };
}

export default defineDrill({
  id: 'planned-change',
  module: '03',
  title: 'A planned change, with a runbook',
  summary: 'Carry out two change requests on a live database (resize it, tighten its security group) as a planned change: plan, stop rules, validation gates, rollback, record.',
  soaTasks: ['3.1', '1.3', '4.2'],
  difficulty: 'core',
  estimatedCostPerHour: 0.04,
  dir: __dirname,
  runbook: { sections: RUNBOOK_SECTIONS },
  traps: [
    { id: 'undersized-db', description: `CatalogDb still runs on db.t3.micro; CHG-1 asks for ${TARGET_CLASS}`, objective: 'db-resized', resource: 'CatalogDb' },
    { id: 'open-db-ports', description: 'DbSecurityGroup admits all traffic from the app tier; CHG-2 asks for the database port only', objective: 'db-port-only', resource: 'DbSecurityGroup' },
    { id: 'runbook-unfilled', description: 'RUNBOOK.md is the blank template: no plan, stop rules, gates, rollback or record', objective: 'change-planned', resource: 'RUNBOOK.md' },
  ],
  objectives: [
    {
      id: 'db-resized',
      title: `CHG-1: the catalogue database runs on ${TARGET_CLASS}, resized in place`,
      weight: 2,
      soaTask: '1.3',
      hint: `Change instanceType of CatalogDb to db.t3.small (ec2.InstanceType.of(ec2.InstanceClass.T3, ec2.InstanceSize.SMALL)); change nothing that replaces the instance (construct id, engine, database name, subnet group).`,
      checks: [resourceHas('instance-class', 'CatalogDb', DB, [{ path: 'DBInstanceClass', ...want.equals(TARGET_CLASS) }])],
      liveChecks: [liveDbInstanceClass('instance-class-live', 'CatalogDb', TARGET_CLASS)],
    },
    {
      id: 'db-port-only',
      title: 'CHG-2: the database admits only its own port, only from the app tier',
      weight: 2,
      soaTask: '4.2',
      hint: 'Replace ec2.Port.allTraffic() in the DbSecurityGroup rule with ec2.Port.tcp(dbPort), keeping AppSecurityGroup as the source (or use db.connections.allowDefaultPortFrom(appSg)).',
      checks: [dbIngressOnlyFromApp('db-ingress', 'DbSecurityGroup', 'CatalogDb', 'AppSecurityGroup')],
      liveChecks: [liveDbIngressOnlyPort('db-ingress-live', 'DbSecurityGroup', 'AppSecurityGroup', DB_PORT)],
    },
    {
      id: 'change-planned',
      title: 'The runbook plans the change, stops before data is lost, gates each step and records the result',
      weight: 3,
      soaTask: '3.1',
      hint: 'Fill every section of RUNBOOK.md. Change plan: name every resource the diff changes (CatalogDb, DbSecurityGroup). Stop rules: stop if cdk diff shows CatalogDb replaced or deleted. Validation gates: a gate before deploying (cdk diff) and a check after (the class, the app reaching the port). Record: what changed, why, impact scope.',
      checks: [
        runbookSectionsFilled('runbook-filled', RUNBOOK_SECTIONS),
        runbookCoversChanges('plan-covers-diff', 'Change plan', { reasons: false }),
        runbookStopRulesGuard('stop-rules-guard-data', 'Stop rules', ['CatalogDb']),
        runbookMentions('gates', 'Validation gates', [
          { label: 'a gate before deploying (cdk diff or a change set)', pattern: /cdk diff|change ?set/i },
          { label: 'a check after the change (the instance class, its status, or the app reaching the database)', pattern: /db\.t3\.small|describe-db-instances|available|connect|nc -z|psql|pg_isready/i },
        ]),
        runbookMentions('record-impact', 'Record', [{ label: 'the impact scope (what the change affected: downtime, who, which resources)', pattern: /impact|downtime|outage|interruption|scope/i }]),
        runbookCoversChanges('record-covers-diff', 'Record'),
      ],
    },
  ],
});
