import { fail, pass } from '../../../lib/model/verdict';
import { StaticCheck, defineDrill } from '../../../lib/model/drill';
import { locateResource, runbookCoversChanges, runbookSectionsFilled } from '../../../lib/checks';
import { asList, refTarget, render, resources } from '../../../lib/template/read';
import { FoundResource, TemplateJson } from '../../../lib/model/template';
import { costDrivers, estimateTemplate } from '../../../lib/cost/estimate';
import { isIdleEip } from '../../../lib/cost/risks';
import { RUNBOOK_SECTIONS } from '../../runbook-sections';
import { dataVolumeProblems, dbSizeProblems, num, rootVolumesProblem } from './requirements';
import { liveDataVolumeGp3, liveDbRightSized, liveNoIdleAddress, liveOneNatGateway, liveRootVolumesGp3 } from './live';

/** The drill's budget, as the README states it: the whole lab, estimated in us-east-1. */
export const BUDGET_USD_PER_MONTH = 150;
export const BUDGET_REGION = 'us-east-1';
const LOG_DAYS = { min: 30, max: 365 };
const ARTIFACT_DAYS = { min: 30, max: 365 };

const labOnly = (t: TemplateJson, type: string) => resources(t, { type });
const top = (r: FoundResource) => r.path.split('/')[0] || r.logicalId;

/** Exactly one NAT gateway: two AZs, but a dev environment does not pay for one NAT per AZ. */
const oneNatGateway: StaticCheck = {
  id: 'one-nat-gateway',
  run: ({ template }) => {
    const nats = labOnly(template, 'AWS::EC2::NatGateway');
    if (nats.length === 1) return pass(`one NAT gateway (${nats[0].path}) serves both app subnets`);
    if (nats.length === 0) return fail('Vpc has no NAT gateway: the web servers need outbound internet (packages, the payment API)');
    return fail(`Vpc has ${nats.length} NAT gateways (${nats.map((n) => n.path).join(', ')}): one is enough for a dev environment`);
  },
};

/** The web servers' subnets are in two AZs, and each has a default route through a NAT gateway. */
const appSubnetsHaveEgress: StaticCheck = {
  id: 'two-azs-with-egress',
  run: (e) => {
    const { template } = e;
    const fleet = locateResource(e, 'WebFleet', 'AWS::AutoScaling::AutoScalingGroup');
    if (!fleet) return fail("WebFleet (AWS::AutoScaling::AutoScalingGroup) is missing from the template: fix it, don't delete it");
    const all = resources(template);
    const byId = new Map(all.map((r) => [r.logicalId, r]));
    const subnetIds = asList(fleet.resource.Properties?.VPCZoneIdentifier).map(refTarget).filter((s): s is string => !!s);
    const azs = new Set(subnetIds.map((s) => render(byId.get(s)?.resource.Properties?.AvailabilityZone)));
    if (azs.size < 2) return fail(`WebFleet runs in ${azs.size} AZ(s): the requirement is two AZs`);
    const natRouted = subnetIds.filter((s) => {
      const assoc = all.find((r) => r.resource.Type === 'AWS::EC2::SubnetRouteTableAssociation' && refTarget(r.resource.Properties?.SubnetId) === s);
      const table = assoc ? refTarget(assoc.resource.Properties?.RouteTableId) : undefined;
      return all.some((r) => r.resource.Type === 'AWS::EC2::Route' && refTarget(r.resource.Properties?.RouteTableId) === table
        && r.resource.Properties?.DestinationCidrBlock === '0.0.0.0/0' && byId.get(refTarget(r.resource.Properties?.NatGatewayId) ?? '')?.resource.Type === 'AWS::EC2::NatGateway');
    });
    if (natRouted.length < subnetIds.length) {
      return fail(`Vpc: ${subnetIds.length - natRouted.length} of WebFleet's ${subnetIds.length} subnets have no default route through a NAT gateway`);
    }
    return pass(`WebFleet spans ${azs.size} AZs and every one of its subnets reaches the internet through a NAT gateway`);
  },
};

const noIdleAddress: StaticCheck = {
  id: 'no-idle-eip',
  run: ({ template }) => {
    const idle = labOnly(template, 'AWS::EC2::EIP').filter((e) => isIdleEip(template, e));
    if (idle.length) return fail(`${idle.map(top).join(', ')}: Elastic IP associated with nothing, billed every hour`);
    return pass('every Elastic IP is in use');
  },
};

const rootVolumesGp3: StaticCheck = {
  id: 'root-volumes-gp3',
  run: (e) => {
    const lt = locateResource(e, 'WebTemplate', 'AWS::EC2::LaunchTemplate');
    if (!lt) return fail("WebTemplate (AWS::EC2::LaunchTemplate) is missing from the template: fix it, don't delete it");
    const problem = rootVolumesProblem(asList(lt.resource.Properties?.LaunchTemplateData?.BlockDeviceMappings));
    if (problem) return fail(`WebTemplate${problem.startsWith(':') ? '' : ' '}${problem}`);
    return pass('WebTemplate: root volumes are gp3');
  },
};

const dataVolumeGp3: StaticCheck = {
  id: 'data-volume-gp3',
  run: (e) => {
    const v = locateResource(e, 'DataVolume', 'AWS::EC2::Volume');
    if (!v) return fail("DataVolume (AWS::EC2::Volume) is missing from the template: fix it, don't delete it");
    const p = v.resource.Properties ?? {};
    const problems = dataVolumeProblems(p);
    if (problems.length) return fail(`DataVolume: ${problems.join('; ')}`);
    return pass(`DataVolume: ${p.Size} GB gp3, ${p.Iops ?? 3000} IOPS`);
  },
};

const dbRightSized: StaticCheck = {
  id: 'db-right-sized',
  run: (e) => {
    const db = locateResource(e, 'OrdersDb', 'AWS::RDS::DBInstance');
    if (!db) return fail("OrdersDb (AWS::RDS::DBInstance) is missing from the template: fix it, don't delete it");
    const p = db.resource.Properties ?? {};
    const problems = dbSizeProblems(p);
    if (problems.length) return fail(`OrdersDb: ${problems.join('; ')}`);
    return pass(`OrdersDb: ${p.DBInstanceClass}, Multi-AZ, ${p.AllocatedStorage} GB`);
  },
};

const logsExpire: StaticCheck = {
  id: 'logs-expire',
  run: ({ template }) => {
    const groups = labOnly(template, 'AWS::Logs::LogGroup');
    const off = groups.filter((g) => {
      const d = num(g.resource.Properties?.RetentionInDays);
      return d === undefined || d < LOG_DAYS.min || d > LOG_DAYS.max;
    });
    if (off.length) {
      return fail(`${off.map((g) => `${top(g)} keeps logs ${g.resource.Properties?.RetentionInDays ? `${g.resource.Properties.RetentionInDays} day(s)` : 'forever'}`).join('; ')}: want ${LOG_DAYS.min} to ${LOG_DAYS.max} days`);
    }
    return pass(`every log group expires its events after ${LOG_DAYS.min}-${LOG_DAYS.max} days`);
  },
};

const artifactsExpire: StaticCheck = {
  id: 'artifacts-expire',
  run: (e) => {
    const bucket = locateResource(e, 'ArtifactsBucket/Bucket', 'AWS::S3::Bucket');
    if (!bucket) return fail("ArtifactsBucket (AWS::S3::Bucket) is missing from the template: fix it, don't delete it");
    const rules = asList(bucket.resource.Properties?.LifecycleConfiguration?.Rules).filter((r: any) => r?.Status === 'Enabled' && !r.Prefix && !r.Filter?.Prefix && !r.TagFilters);
    const days = rules.map((r: any) => num(r.ExpirationInDays)).filter((d): d is number => d !== undefined);
    if (days.length === 0) return fail('ArtifactsBucket has no enabled lifecycle rule expiring every object: artifacts pile up forever');
    const d = Math.min(...days);
    if (d < ARTIFACT_DAYS.min || d > ARTIFACT_DAYS.max) return fail(`ArtifactsBucket expires objects after ${d} days: want ${ARTIFACT_DAYS.min} to ${ARTIFACT_DAYS.max}`);
    return pass(`ArtifactsBucket expires objects after ${d} days`);
  },
};

const basicEc2Monitoring: StaticCheck = {
  id: 'basic-ec2-monitoring',
  run: (e) => {
    const { template } = e;
    const detailed = [
      ...labOnly(template, 'AWS::EC2::LaunchTemplate').filter((t) => [true, 'true'].includes(t.resource.Properties?.LaunchTemplateData?.Monitoring?.Enabled)),
      ...labOnly(template, 'AWS::EC2::Instance').filter((i) => [true, 'true'].includes(i.resource.Properties?.Monitoring)),
    ];
    if (!locateResource(e, 'WebTemplate', 'AWS::EC2::LaunchTemplate')) return fail("WebTemplate (AWS::EC2::LaunchTemplate) is missing from the template: fix it, don't delete it");
    if (detailed.length) return fail(`${detailed.map(top).join(', ')}: detailed (1-minute) monitoring is on; 5-minute basic monitoring is enough in dev`);
    return pass('EC2 uses basic monitoring');
  },
};

const dbMonitoringInterval: StaticCheck = {
  id: 'db-monitoring-interval',
  run: (e) => {
    const db = locateResource(e, 'OrdersDb', 'AWS::RDS::DBInstance');
    if (!db) return fail("OrdersDb (AWS::RDS::DBInstance) is missing from the template: fix it, don't delete it");
    const interval = num(db.resource.Properties?.MonitoringInterval) ?? 0;
    if (interval > 0 && interval < 60) return fail(`OrdersDb: enhanced monitoring every ${interval} s streams into CloudWatch Logs; 60 s (or off) is enough in dev`);
    return pass(`OrdersDb: enhanced monitoring ${interval ? `every ${interval} s` : 'off'}`);
  },
};

/** The lab, estimated with lib/cost in us-east-1, fits the budget, and every resource can be priced. */
const withinBudget: StaticCheck = {
  id: 'estimate-within-budget',
  run: ({ template }) => {
    const e = estimateTemplate(template, BUDGET_REGION);
    const unknown = e.notEstimated.filter((l) => !l.guardrail);
    if (unknown.length) return fail(`the estimate cannot price ${unknown.map((l) => `${l.path} (${l.detail})`).join(', ')}: a budget you cannot estimate is not met`);
    const drivers = costDrivers(e).map((l) => `${l.path.split('/')[0]} $${l.monthly.toFixed(2)}`).join(', ');
    if (e.monthly > BUDGET_USD_PER_MONTH) return fail(`the estimate is $${e.monthly.toFixed(2)}/month, over the $${BUDGET_USD_PER_MONTH} budget; biggest: ${drivers}`);
    return pass(`the estimate is $${e.monthly.toFixed(2)}/month, within the $${BUDGET_USD_PER_MONTH} budget (biggest: ${drivers})`);
  },
};

export default defineDrill({
  id: 'cost-traps',
  module: '06',
  title: 'A dev environment that costs like production',
  summary: 'NAT per AZ, io2 and gp2 volumes, an oversized Multi-AZ database, an idle EIP, logs and artifacts kept forever: bring the estimate under budget without breaking the requirements.',
  soaTasks: ['1.3', '1.1', '5.1'],
  difficulty: 'core',
  estimatedCostPerHour: 0.81,
  dir: __dirname,
  runbook: { sections: RUNBOOK_SECTIONS },
  // Either AZ's NAT gateway (and its address) may go, the spare address, and the database's
  // enhanced-monitoring role if monitoring is turned off; nothing else.
  scope: {
    mayRemove: ['SpareIp', 'OrdersDb/MonitoringRole', ...[1, 2].flatMap((n) => [`Vpc/edgeSubnet${n}/NATGateway`, `Vpc/edgeSubnet${n}/EIP`])],
  },
  traps: [
    { id: 'nat-per-az', description: 'Vpc has a NAT gateway (and Elastic IP) in each AZ', objective: 'network-right-sized', resource: 'Vpc' },
    { id: 'idle-eip', description: 'SpareIp is an Elastic IP associated with nothing', objective: 'network-right-sized', resource: 'SpareIp' },
    { id: 'gp2-root-volumes', description: 'WebTemplate gives each web server a 30 GB gp2 root', objective: 'storage-right-typed', resource: 'WebTemplate' },
    { id: 'io2-data-volume', description: 'DataVolume is io2 with 3000 provisioned IOPS, which gp3 includes', objective: 'storage-right-typed', resource: 'DataVolume' },
    { id: 'oversized-db', description: 'OrdersDb is a db.m5.large for a database that idles', objective: 'database-right-sized', resource: 'OrdersDb' },
    { id: 'logs-forever', description: 'FlowLogs and AppLogs never expire', objective: 'data-expires', resource: 'AppLogs' },
    { id: 'no-lifecycle', description: 'ArtifactsBucket has no lifecycle rule', objective: 'data-expires', resource: 'ArtifactsBucket' },
    { id: 'detailed-monitoring', description: 'WebTemplate turns on detailed monitoring', objective: 'monitoring-right-sized', resource: 'WebTemplate' },
    { id: 'db-monitoring-1s', description: 'OrdersDb sends enhanced monitoring every second', objective: 'monitoring-right-sized', resource: 'OrdersDb' },
    { id: 'over-budget', description: 'together, the traps put the lab at ~$590/month against a $150 budget', objective: 'within-budget', resource: 'OrdersDb' },
    { id: 'runbook-unfilled', description: 'RUNBOOK.md is the blank template', objective: 'change-recorded', resource: 'RUNBOOK.md' },
  ],
  objectives: [
    {
      id: 'network-right-sized',
      title: 'One NAT gateway serves both AZs, and no address sits idle',
      weight: 2,
      soaTask: '5.1',
      hint: 'Set natGateways: 1 on the Vpc (keep maxAzs: 2 and the app subnets PRIVATE_WITH_EGRESS), and delete SpareIp.',
      checks: [oneNatGateway, appSubnetsHaveEgress, noIdleAddress],
      liveChecks: [liveOneNatGateway('one-nat-gateway-live', 'Vpc'), liveNoIdleAddress('no-idle-eip-live')],
    },
    {
      id: 'storage-right-typed',
      title: 'Volumes are gp3 with the performance they need',
      weight: 2,
      soaTask: '1.3',
      hint: 'gp3 includes 3000 IOPS and 125 MB/s: switch WebTemplate\'s root and DataVolume to EbsDeviceVolumeType.GP3, drop the provisioned iops, keep the sizes.',
      checks: [rootVolumesGp3, dataVolumeGp3],
      liveChecks: [liveRootVolumesGp3('root-volumes-gp3-live', 'WebTemplate'), liveDataVolumeGp3('data-volume-gp3-live', 'DataVolume')],
    },
    {
      id: 'database-right-sized',
      title: 'The database is sized for its load and still Multi-AZ',
      weight: 2,
      soaTask: '1.3',
      hint: 'Move OrdersDb to db.t4g.small (2 vCPU burstable, 2 GiB): the README gives its load. Keep multiAz: true.',
      checks: [dbRightSized],
      liveChecks: [liveDbRightSized('db-right-sized-live', 'OrdersDb')],
    },
    {
      id: 'data-expires',
      title: 'Logs and artifacts expire when nobody needs them any more',
      weight: 1,
      soaTask: '1.1',
      hint: 'Give every log group a retention of 30 to 365 days, and ArtifactsBucket a lifecycle rule that expires objects after 30 to 365 days.',
      checks: [logsExpire, artifactsExpire],
    },
    {
      id: 'monitoring-right-sized',
      title: 'Monitoring at the resolution a dev environment needs',
      weight: 1,
      soaTask: '1.1',
      hint: 'Turn detailedMonitoring off on WebTemplate and set OrdersDb\'s monitoringInterval to 60 seconds (or remove it).',
      checks: [basicEc2Monitoring, dbMonitoringInterval],
    },
    {
      id: 'within-budget',
      title: `The lab's estimate is within the $${BUDGET_USD_PER_MONTH}/month budget`,
      weight: 3,
      soaTask: '1.3',
      hint: 'Run npx awswo cost cost-traps --workspace . --region us-east-1 and fix the biggest lines first; resources it cannot price do not count as cheap.',
      checks: [withinBudget],
    },
    {
      id: 'change-recorded',
      title: 'The runbook records the cost changes',
      weight: 1,
      soaTask: '1.3',
      hint: 'Fill every section of RUNBOOK.md; under Record, name each resource you changed and the estimate before and after.',
      checks: [runbookSectionsFilled('runbook-filled', RUNBOOK_SECTIONS), runbookCoversChanges('record-covers-diff', 'Record')],
    },
  ],
});
