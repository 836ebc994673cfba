import { GradeInputError } from '../grading/errors';
import { asList, refTarget, resources } from '../template/read';
import { FoundResource, TemplateJson, TemplateResource } from '../model/template';
import {
  CLOUDWATCH, EBS, EC2_HOURLY, HOURS_PER_MONTH, isRegion, KMS_KEY_MONTH, LAB_USAGE, LAMBDA, NETWORK, price,
  PRICES_AS_OF, PRICES_SOURCE, RDS_HOURLY, RDS_STORAGE, Region, REGIONS, S3_STORAGE, SECRET_MONTH,
} from './prices';
import { costRisks, CostRisk, isIdleEip } from './risks';

/** priced: the table has a price (maybe $0.00 for usage-based resources at lab scale); free: AWS does not charge for it; not-estimated: unknown, never assumed free. */
export type CostStatus = 'priced' | 'free' | 'not-estimated';

export interface CostLine {
  readonly logicalId: string;
  /** Construct path below the stack (`Vpc/PublicSubnet1/NATGateway`), or the logical id. */
  readonly path: string;
  readonly type: string;
  readonly status: CostStatus;
  /** USD a month (730 hours); 0 unless priced. */
  readonly monthly: number;
  /** What was priced, or why it is free / not estimated. */
  readonly detail: string;
  /** True for the guardrails every lab gets. */
  readonly guardrail: boolean;
}

export interface CostEstimate {
  readonly region: Region;
  readonly pricesAsOf: string;
  readonly source: string;
  /** USD an hour and a month, of the priced lines only. */
  readonly hourly: number;
  readonly monthly: number;
  readonly lines: readonly CostLine[];
  /** Lines the estimate could not price: the real bill is higher by an unknown amount. */
  readonly notEstimated: readonly CostLine[];
  /** Usage assumptions the estimate used, one sentence each. */
  readonly assumptions: readonly string[];
  /** Spend that no estimate can bound (recursive loops, uncapped concurrency...). */
  readonly risks: readonly CostRisk[];
}

/** Types AWS does not bill for (their cost, if any, shows up on another line). */
const FREE: Record<string, string> = {
  'AWS::IAM::Role': 'IAM is free', 'AWS::IAM::Policy': 'IAM is free', 'AWS::IAM::ManagedPolicy': 'IAM is free',
  'AWS::IAM::User': 'IAM is free', 'AWS::IAM::Group': 'IAM is free', 'AWS::IAM::UserToGroupAddition': 'IAM is free',
  'AWS::IAM::InstanceProfile': 'IAM is free', 'AWS::IAM::AccessKey': 'IAM is free',
  'AWS::EC2::VPC': 'no charge for the VPC itself', 'AWS::EC2::Subnet': 'no charge for subnets',
  'AWS::EC2::RouteTable': 'no charge', 'AWS::EC2::Route': 'no charge', 'AWS::EC2::SubnetRouteTableAssociation': 'no charge',
  'AWS::EC2::InternetGateway': 'no charge (data transfer out is billed by traffic)', 'AWS::EC2::VPCGatewayAttachment': 'no charge',
  'AWS::EC2::SecurityGroup': 'no charge', 'AWS::EC2::SecurityGroupIngress': 'no charge', 'AWS::EC2::SecurityGroupEgress': 'no charge',
  'AWS::EC2::NetworkAcl': 'no charge', 'AWS::EC2::NetworkAclEntry': 'no charge', 'AWS::EC2::SubnetNetworkAclAssociation': 'no charge',
  'AWS::EC2::EIPAssociation': 'no charge (the address is priced on its EIP line)', 'AWS::EC2::KeyPair': 'no charge',
  'AWS::EC2::LaunchTemplate': 'no charge; priced on the Auto Scaling group or instances that launch it',
  'AWS::EC2::FlowLog': 'billed as ingestion into its destination log group (priced there)',
  'AWS::AutoScaling::LaunchConfiguration': 'no charge; priced on the Auto Scaling group that uses it',
  'AWS::AutoScaling::ScalingPolicy': 'no charge', 'AWS::AutoScaling::ScheduledAction': 'no charge', 'AWS::AutoScaling::LifecycleHook': 'no charge',
  'AWS::ElasticLoadBalancingV2::Listener': 'priced on its load balancer', 'AWS::ElasticLoadBalancingV2::ListenerRule': 'priced on its load balancer',
  'AWS::ElasticLoadBalancingV2::TargetGroup': 'priced on its load balancer',
  'AWS::RDS::DBSubnetGroup': 'no charge', 'AWS::RDS::DBParameterGroup': 'no charge', 'AWS::RDS::DBClusterParameterGroup': 'no charge',
  'AWS::RDS::OptionGroup': 'no charge',
  'AWS::Lambda::Permission': 'no charge', 'AWS::Lambda::Version': 'no charge', 'AWS::Lambda::Alias': 'no charge',
  'AWS::Lambda::EventSourceMapping': 'no charge (invocations are priced on the function)',
  'AWS::S3::BucketPolicy': 'no charge',
  'AWS::SNS::Topic': 'no charge for the topic; messages cost $0.50 per million after the free tier',
  'AWS::SNS::Subscription': 'no charge', 'AWS::SNS::TopicPolicy': 'no charge',
  'AWS::Budgets::Budget': 'budgets without actions are free',
  'AWS::Scheduler::Schedule': 'a few invocations a month, inside the free tier',
  'AWS::Events::Rule': 'no charge for rules on AWS service events',
  'AWS::Logs::SubscriptionFilter': 'no charge',
  'AWS::SSM::Parameter': 'standard parameters are free',
  'AWS::CloudTrail::Trail': 'the first trail of management events is free (its bucket is priced)',
  'AWS::CDK::Metadata': 'CDK bookkeeping', 'AWS::CloudFormation::WaitConditionHandle': 'no charge',
  'AWS::KMS::Alias': 'no charge',
};

/** A literal number from a template value (CloudFormation writes many numbers as strings). */
function num(value: unknown): number | undefined {
  if (typeof value === 'number') return value;
  if (typeof value === 'string' && value.trim() !== '' && Number.isFinite(Number(value))) return Number(value);
  return undefined;
}
function str(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}
function bool(value: unknown): boolean | undefined {
  if (typeof value === 'boolean') return value;
  if (value === 'true') return true;
  if (value === 'false') return false;
  return undefined;
}

const usd = (n: number) => `$${n.toFixed(2)}`;

class NotEstimated extends Error {}

/** Prices one EBS volume a month; throws NotEstimated for an unknown type. */
export function ebsMonthly(region: Region, type: string, sizeGb: number, iops?: number, throughput?: number): { monthly: number; detail: string } {
  const t = (EBS as Record<string, any>)[type];
  if (!t) throw new NotEstimated(`EBS volume type ${type} is not in the price table`);
  let monthly = sizeGb * price(t.gbMonth, region);
  const parts = [`${sizeGb} GB ${type}`];
  if (type === 'gp3') {
    const extraIops = Math.max(0, (iops ?? t.includedIops) - t.includedIops);
    const extraMbps = Math.max(0, (throughput ?? t.includedMbps) - t.includedMbps);
    monthly += extraIops * price(t.iopsMonth, region) + extraMbps * price(t.mbpsMonth, region);
    if (extraIops) parts.push(`${extraIops} IOPS over the included 3000`);
    if (extraMbps) parts.push(`${extraMbps} MB/s over the included 125`);
  } else if (t.iopsMonth) {
    if (iops === undefined) throw new NotEstimated(`${type} volume without a literal Iops`);
    monthly += iops * price(t.iopsMonth, region);
    parts.push(`${iops} provisioned IOPS`);
  }
  return { monthly, detail: parts.join(', ') };
}

interface Context {
  readonly template: TemplateJson;
  readonly region: Region;
  readonly all: FoundResource[];
  readonly byId: Map<string, TemplateResource>;
  readonly assumptions: Set<string>;
}

type Priced = { monthly: number; detail: string };
type Pricer = (r: FoundResource, ctx: Context) => Priced;

const ASSUME = {
  nat: `each NAT gateway processes ${LAB_USAGE.natGbPerMonth} GB a month`,
  alb: `each load balancer uses ${LAB_USAGE.albLcuPerHour} capacity unit an hour`,
  logs: `each log group ingests ${LAB_USAGE.logGbPerMonth} GB a month; data that never expires is costed as it stands after ${LAB_USAGE.horizonMonths} months`,
  s3: `each bucket gains ${LAB_USAGE.s3GbPerMonth} GB of Standard storage a month, requests not counted; data that never expires is costed as it stands after ${LAB_USAGE.horizonMonths} months`,
  lambda: `each function runs ${LAB_USAGE.lambdaInvocationsPerMonth.toLocaleString('en-US')} times a month, ${LAB_USAGE.lambdaAvgDurationMs} ms each, free tier not applied`,
  root: `an instance whose launch settings name no root volume gets ${LAB_USAGE.defaultRootGb} GB gp3`,
  rds: 'RDS PostgreSQL, MySQL and MariaDB are priced at the PostgreSQL rate; Multi-AZ doubles instance and storage',
  ec2: 'EC2 is priced on-demand, Linux, running all month',
};

/** EC2 instance-hours, detailed monitoring, volumes and public IPv4 for `count` instances of one launch configuration. */
function computeMonthly(ctx: Context, count: number, settings: {
  instanceType: unknown; detailedMonitoring: boolean; volumes: Array<Record<string, any>> | undefined; publicIp: boolean;
}): Priced {
  const type = str(settings.instanceType);
  if (!type) throw new NotEstimated('the instance type is not a literal');
  const hourly = EC2_HOURLY[type];
  if (!hourly) throw new NotEstimated(`instance type ${type} is not in the price table`);
  ctx.assumptions.add(ASSUME.ec2);
  let perInstance = price(hourly, ctx.region) * HOURS_PER_MONTH;
  const parts = [`${count} × ${type}`];
  if (settings.detailedMonitoring) {
    perInstance += price(CLOUDWATCH.detailedMonitoringInstanceMonth, ctx.region);
    parts.push('detailed monitoring');
  }
  const vols = settings.volumes;
  if (vols === undefined || vols.length === 0) {
    ctx.assumptions.add(ASSUME.root);
    const v = ebsMonthly(ctx.region, 'gp3', LAB_USAGE.defaultRootGb);
    perInstance += v.monthly;
    parts.push(`${v.detail} (assumed root)`);
  } else {
    for (const ebs of vols) {
      if (!ebs) continue;
      const size = num(ebs.VolumeSize);
      if (size === undefined) throw new NotEstimated('a block device has no literal VolumeSize');
      const v = ebsMonthly(ctx.region, str(ebs.VolumeType) ?? 'gp2', size, num(ebs.Iops), num(ebs.Throughput));
      perInstance += v.monthly;
      parts.push(v.detail);
    }
  }
  if (settings.publicIp) {
    perInstance += price(NETWORK.publicIpv4Hour, ctx.region) * HOURS_PER_MONTH;
    parts.push('public IPv4');
  }
  return { monthly: perInstance * count, detail: parts.join(', ') + (count > 1 ? ' each' : '') };
}

/** True when a subnet (by Ref) gives instances a public IPv4. */
function subnetIsPublic(ctx: Context, subnet: unknown): boolean {
  const id = refTarget(subnet);
  const r = id ? ctx.byId.get(id) : undefined;
  return bool(r?.Properties?.MapPublicIpOnLaunch) === true;
}

function launchSettings(ctx: Context, asg: Record<string, any>): { data: Record<string, any>; kind: 'template' | 'configuration' } {
  const lt = asg.LaunchTemplate ?? asg.LaunchTemplateSpecification;
  if (lt) {
    const id = refTarget(lt.LaunchTemplateId) ?? refTarget(lt.LaunchTemplateName);
    const res = id ? ctx.byId.get(id) : undefined;
    if (!res || res.Type !== 'AWS::EC2::LaunchTemplate') throw new NotEstimated('its launch template is not in this template');
    return { data: res.Properties?.LaunchTemplateData ?? {}, kind: 'template' };
  }
  if (asg.LaunchConfigurationName) {
    const id = refTarget(asg.LaunchConfigurationName);
    const res = id ? ctx.byId.get(id) : undefined;
    if (!res) throw new NotEstimated('its launch configuration is not in this template');
    return { data: res.Properties ?? {}, kind: 'configuration' };
  }
  if (asg.MixedInstancesPolicy) throw new NotEstimated('mixed instances policies are not estimated');
  throw new NotEstimated('no launch template or configuration');
}

const PRICERS: Record<string, Pricer> = {
  'AWS::EC2::NatGateway': (r, ctx) => {
    ctx.assumptions.add(ASSUME.nat);
    const hours = price(NETWORK.natGatewayHour, ctx.region) * HOURS_PER_MONTH;
    const data = price(NETWORK.natGatewayGb, ctx.region) * LAB_USAGE.natGbPerMonth;
    return { monthly: hours + data, detail: `NAT gateway $${price(NETWORK.natGatewayHour, ctx.region).toFixed(3)}/h + ${LAB_USAGE.natGbPerMonth} GB processed (its Elastic IP is priced on its own line)` };
  },
  'AWS::EC2::EIP': (r, ctx) => {
    const idle = isIdleEip(ctx.template, r);
    return { monthly: price(NETWORK.publicIpv4Hour, ctx.region) * HOURS_PER_MONTH, detail: `public IPv4 address${idle ? ', IDLE: associated with nothing' : ''}` };
  },
  'AWS::ElasticLoadBalancingV2::LoadBalancer': (r, ctx) => {
    const p = r.resource.Properties ?? {};
    const type = p.Type ?? 'application';
    const internet = (p.Scheme ?? 'internet-facing') === 'internet-facing';
    const subnets = Math.max(asList(p.Subnets).length, asList(p.SubnetMappings).length);
    let monthly: number;
    let detail: string;
    if (type === 'application') {
      ctx.assumptions.add(ASSUME.alb);
      monthly = (price(NETWORK.albHour, ctx.region) + LAB_USAGE.albLcuPerHour * price(NETWORK.albLcuHour, ctx.region)) * HOURS_PER_MONTH;
      detail = `Application Load Balancer + ${LAB_USAGE.albLcuPerHour} LCU`;
    } else if (type === 'network') {
      monthly = (price(NETWORK.nlbHour, ctx.region) + price(NETWORK.nlbNlcuHour, ctx.region)) * HOURS_PER_MONTH;
      detail = 'Network Load Balancer + 1 NLCU';
    } else throw new NotEstimated(`${type} load balancers are not in the price table`);
    if (internet && subnets > 0) {
      monthly += subnets * price(NETWORK.publicIpv4Hour, ctx.region) * HOURS_PER_MONTH;
      detail += `, ${subnets} public IPv4 (internet-facing, one per subnet)`;
    }
    return { monthly, detail };
  },
  'AWS::EC2::Instance': (r, ctx) => {
    const p = r.resource.Properties ?? {};
    const publicIp = asList(p.NetworkInterfaces).some((n: any) => bool(n?.AssociatePublicIpAddress) === true) || subnetIsPublic(ctx, p.SubnetId);
    return computeMonthly(ctx, 1, {
      instanceType: p.InstanceType ?? 'm1.small',
      detailedMonitoring: bool(p.Monitoring) === true,
      volumes: asList(p.BlockDeviceMappings).map((b: any) => b?.Ebs).filter(Boolean),
      publicIp,
    });
  },
  'AWS::AutoScaling::AutoScalingGroup': (r, ctx) => {
    const p = r.resource.Properties ?? {};
    const count = num(p.DesiredCapacity) ?? num(p.MinSize);
    if (count === undefined) throw new NotEstimated('no literal DesiredCapacity or MinSize');
    const { data, kind } = launchSettings(ctx, p);
    const detailedMonitoring = kind === 'template' ? bool(data.Monitoring?.Enabled) === true : bool(data.InstanceMonitoring) !== false;
    const publicIp = kind === 'template'
      ? asList(data.NetworkInterfaces).some((n: any) => bool(n?.AssociatePublicIpAddress) === true) || asList(p.VPCZoneIdentifier).some((s) => subnetIsPublic(ctx, s))
      : bool(data.AssociatePublicIpAddress) ?? asList(p.VPCZoneIdentifier).some((s) => subnetIsPublic(ctx, s));
    return computeMonthly(ctx, count, {
      instanceType: data.InstanceType,
      detailedMonitoring,
      volumes: asList(data.BlockDeviceMappings).map((b: any) => b?.Ebs).filter(Boolean),
      publicIp,
    });
  },
  'AWS::EC2::Volume': (r, ctx) => {
    const p = r.resource.Properties ?? {};
    const size = num(p.Size);
    if (size === undefined) throw new NotEstimated('no literal Size');
    return ebsMonthly(ctx.region, str(p.VolumeType) ?? 'gp2', size, num(p.Iops), num(p.Throughput));
  },
  'AWS::RDS::DBInstance': (r, ctx) => {
    const p = r.resource.Properties ?? {};
    if (p.DBClusterIdentifier) throw new NotEstimated('Aurora cluster instances are not in the price table');
    const engine = str(p.Engine) ?? '';
    if (!/^(postgres|mysql|mariadb)$/.test(engine)) throw new NotEstimated(`engine ${engine || '(not a literal)'} is not in the price table`);
    const cls = str(p.DBInstanceClass);
    if (!cls || !RDS_HOURLY[cls]) throw new NotEstimated(`instance class ${cls ?? '(not a literal)'} is not in the price table`);
    ctx.assumptions.add(ASSUME.rds);
    const multiAz = bool(p.MultiAZ) === true;
    const copies = multiAz ? 2 : 1;
    let monthly = price(RDS_HOURLY[cls], ctx.region) * HOURS_PER_MONTH * copies;
    const parts = [`${cls}${multiAz ? ' Multi-AZ' : ''}`];
    const size = num(p.AllocatedStorage);
    if (size === undefined) throw new NotEstimated('no literal AllocatedStorage');
    const storageType = str(p.StorageType) ?? (p.Iops !== undefined ? 'io1' : 'gp2');
    const s = (RDS_STORAGE as Record<string, any>)[storageType];
    if (!s) throw new NotEstimated(`storage type ${storageType} is not in the price table`);
    let storage = size * price(s.gbMonth, ctx.region);
    const iops = num(p.Iops);
    if (storageType === 'gp3') storage += Math.max(0, (iops ?? 3000) - 3000) * price(s.iopsMonth, ctx.region);
    else if (s.iopsMonth) {
      if (iops === undefined) throw new NotEstimated(`${storageType} storage without a literal Iops`);
      storage += iops * price(s.iopsMonth, ctx.region);
    }
    monthly += storage * copies;
    parts.push(`${size} GB ${storageType}${iops !== undefined ? ` ${iops} IOPS` : ''}`);
    const interval = num(p.MonitoringInterval) ?? 0;
    if (interval > 0) {
      const gb = ((HOURS_PER_MONTH * 3600) / interval) * LAB_USAGE.enhancedMonitoringSampleKb / (1024 * 1024);
      monthly += gb * price(CLOUDWATCH.logsIngestGb, ctx.region);
      parts.push(`enhanced monitoring every ${interval} s (~${gb.toFixed(1)} GB of logs)`);
      ctx.assumptions.add(`an RDS enhanced monitoring sample is ${LAB_USAGE.enhancedMonitoringSampleKb} KB of CloudWatch Logs ingestion`);
    }
    if (bool(p.ManageMasterUserPassword) === true) {
      monthly += price(SECRET_MONTH, ctx.region);
      parts.push('managed master secret');
    }
    return { monthly, detail: parts.join(', ') };
  },
  'AWS::CloudWatch::Alarm': (r, ctx) => {
    const p = r.resource.Properties ?? {};
    const metrics = asList(p.Metrics).filter((m: any) => m?.MetricStat).length || 1;
    const periods = [num(p.Period), ...asList(p.Metrics).map((m: any) => num(m?.MetricStat?.Period))].filter((x): x is number => x !== undefined);
    const high = periods.some((x) => x < 60);
    const each = price(high ? CLOUDWATCH.highResolutionAlarmMonth : CLOUDWATCH.alarmMonth, ctx.region);
    return { monthly: metrics * each, detail: `${high ? 'high-resolution ' : ''}alarm on ${metrics} metric${metrics > 1 ? 's' : ''}` };
  },
  'AWS::Logs::MetricFilter': (r, ctx) => {
    const n = Math.max(1, asList(r.resource.Properties?.MetricTransformations).length);
    return { monthly: n * price(CLOUDWATCH.customMetricMonth, ctx.region), detail: `${n} custom metric${n > 1 ? 's' : ''}` };
  },
  'AWS::CloudWatch::CompositeAlarm': (_r, ctx) => ({ monthly: price(CLOUDWATCH.compositeAlarmMonth, ctx.region), detail: 'composite alarm' }),
  'AWS::Logs::LogGroup': (r, ctx) => {
    ctx.assumptions.add(ASSUME.logs);
    const days = num(r.resource.Properties?.RetentionInDays);
    const keptMonths = days === undefined ? LAB_USAGE.horizonMonths : Math.min(days / 30, LAB_USAGE.horizonMonths);
    const stored = LAB_USAGE.logGbPerMonth * keptMonths;
    const monthly = LAB_USAGE.logGbPerMonth * price(CLOUDWATCH.logsIngestGb, ctx.region) + stored * price(CLOUDWATCH.logsStoreGbMonth, ctx.region);
    return { monthly, detail: `${LAB_USAGE.logGbPerMonth} GB/month ingested, ${days === undefined ? 'kept FOREVER' : `kept ${days} days`} (~${stored.toFixed(1)} GB stored)` };
  },
  'AWS::Lambda::Function': (r, ctx) => {
    if (/^(Custom::|BucketNotificationsHandler|LogRetention|AWS\d{32})/.test(r.path)) {
      return { monthly: 0, detail: 'CDK provider function: runs only while CloudFormation deploys or destroys the stack' };
    }
    ctx.assumptions.add(ASSUME.lambda);
    const p = r.resource.Properties ?? {};
    const memory = num(p.MemorySize) ?? 128;
    const arm = asList(p.Architectures).includes('arm64');
    const gbSeconds = LAB_USAGE.lambdaInvocationsPerMonth * (LAB_USAGE.lambdaAvgDurationMs / 1000) * (memory / 1024);
    const monthly = (LAB_USAGE.lambdaInvocationsPerMonth / 1e6) * price(LAMBDA.perMillionRequests, ctx.region)
      + gbSeconds * price(arm ? LAMBDA.perGbSecondArm : LAMBDA.perGbSecondX86, ctx.region);
    return { monthly, detail: `${memory} MB${arm ? ' arm64' : ''}, assumed usage` };
  },
  'AWS::S3::Bucket': (r, ctx) => {
    ctx.assumptions.add(ASSUME.s3);
    const rules = asList(r.resource.Properties?.LifecycleConfiguration?.Rules).filter((x: any) => x?.Status === 'Enabled');
    const expirations = rules.map((x: any) => num(x.ExpirationInDays)).filter((x): x is number => x !== undefined);
    const expiry = expirations.length ? Math.min(...expirations) : undefined;
    const keptMonths = expiry === undefined ? LAB_USAGE.horizonMonths : Math.min(expiry / 30, LAB_USAGE.horizonMonths);
    const transitions = rules.flatMap((x: any) => asList(x.Transitions)).map((t: any) => ({ days: num(t?.TransitionInDays), cls: str(t?.StorageClass) }))
      .filter((t) => t.days !== undefined && t.cls && S3_STORAGE[t.cls]) as Array<{ days: number; cls: string }>;
    const first = transitions.sort((a, b) => a.days - b.days)[0];
    const standardMonths = first ? Math.min(first.days / 30, keptMonths) : keptMonths;
    const coldMonths = keptMonths - standardMonths;
    const monthly = LAB_USAGE.s3GbPerMonth * (standardMonths * price(S3_STORAGE.STANDARD, ctx.region) + (first ? coldMonths * price(S3_STORAGE[first.cls], ctx.region) : 0));
    const life = expiry === undefined ? 'objects never expire' : `objects expire after ${expiry} days`;
    return { monthly, detail: `~${keptMonths.toFixed(1)} GB stored, ${life}${first ? `, to ${first.cls} after ${first.days} days` : ''}` };
  },
  'AWS::KMS::Key': (_r, ctx) => ({ monthly: price(KMS_KEY_MONTH, ctx.region), detail: 'customer managed key' }),
  'AWS::SecretsManager::Secret': (_r, ctx) => ({ monthly: price(SECRET_MONTH, ctx.region), detail: 'secret' }),
  'AWS::EC2::VPCEndpoint': (r, ctx) => {
    const p = r.resource.Properties ?? {};
    if ((p.VpcEndpointType ?? 'Gateway') === 'Gateway') return { monthly: 0, detail: 'gateway endpoint: no charge' };
    const azs = Math.max(1, asList(p.SubnetIds).length);
    return { monthly: azs * price(NETWORK.interfaceEndpointHour, ctx.region) * HOURS_PER_MONTH, detail: `interface endpoint in ${azs} subnet(s), data not counted` };
  },
};

/** Checks the region against the price table: a clear error for anything else. */
export function priceRegion(region: string): Region {
  if (!isRegion(region)) throw new GradeInputError(`region "${region}" is not in the price table (priced regions: ${REGIONS.join(', ')})`);
  return region;
}

/** The region to estimate a synthesized lab in: `--region`, else the lab's pinned region, else us-east-1. */
export function estimateRegion(requested: string | undefined, templateRegion?: string): Region {
  if (requested !== undefined) return priceRegion(requested);
  if (templateRegion && isRegion(templateRegion)) return templateRegion;
  return 'us-east-1';
}

/** The estimated cost of every resource of a synthesized template (guardrails included, marked). */
export function estimateTemplate(template: TemplateJson, region: string): CostEstimate {
  const r = priceRegion(region);
  const all = resources(template, { includeGuardrails: true });
  const ctx: Context = { template, region: r, all, byId: new Map(Object.entries(template.Resources ?? {})), assumptions: new Set() };
  const lines: CostLine[] = all.map((res) => {
    const base = { logicalId: res.logicalId, path: res.path || res.logicalId, type: res.resource.Type, guardrail: res.path.startsWith('AwswoGuardrails/') };
    const pricer = PRICERS[res.resource.Type];
    if (pricer) {
      try {
        const { monthly, detail } = pricer(res, ctx);
        return { ...base, status: 'priced', monthly, detail };
      } catch (err) {
        if (!(err instanceof NotEstimated)) throw err;
        return { ...base, status: 'not-estimated', monthly: 0, detail: err.message };
      }
    }
    const free = FREE[res.resource.Type];
    if (free) return { ...base, status: 'free', monthly: 0, detail: free };
    if (res.resource.Type.startsWith('Custom::') || res.resource.Type === 'AWS::CloudFormation::CustomResource') {
      return { ...base, status: 'free', monthly: 0, detail: 'custom resource: its handler function is priced on its own line' };
    }
    return { ...base, status: 'not-estimated', monthly: 0, detail: `${res.resource.Type} is not in the price table` };
  });
  const monthly = lines.reduce((sum, l) => sum + l.monthly, 0);
  return {
    region: r,
    pricesAsOf: PRICES_AS_OF,
    source: PRICES_SOURCE,
    monthly,
    hourly: monthly / HOURS_PER_MONTH,
    lines,
    notEstimated: lines.filter((l) => l.status === 'not-estimated'),
    assumptions: [...ctx.assumptions],
    risks: costRisks(template),
  };
}

/** The priced lines of an estimate, most expensive first, e.g. for a failure message. */
export function costDrivers(estimate: CostEstimate, top = 3): CostLine[] {
  return [...estimate.lines].filter((l) => l.monthly > 0).sort((a, b) => b.monthly - a.monthly).slice(0, top);
}

/** Monthly cost per top-level construct id (`Vpc`, `OrdersDb`), guardrails excluded. */
export function costByConstruct(estimate: CostEstimate): Map<string, number> {
  const out = new Map<string, number>();
  for (const l of estimate.lines) {
    if (l.guardrail) continue;
    const id = l.path.split('/')[0];
    out.set(id, (out.get(id) ?? 0) + l.monthly);
  }
  return out;
}

export { usd };
