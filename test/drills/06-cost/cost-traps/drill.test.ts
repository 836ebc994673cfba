import * as path from 'path';
import drill from '../../../../drills/06-cost/cost-traps/drill';
import { proveDrill } from '../../drill-proof';
import { variant } from '../../variant';

const lab = path.join(drill.dir, 'lab.ts');
const solution = path.join(drill.dir, 'solution.ts');

proveDrill(drill, [
  {
    name: 'dropped every NAT gateway and isolated the app subnets',
    labFile: variant(solution, 'no-nat', [
      ['natGateways: 1,', 'natGateways: 0,'],
      ["{ name: 'app', subnetType: ec2.SubnetType.PRIVATE_WITH_EGRESS, cidrMask: 24 }", "{ name: 'app', subnetType: ec2.SubnetType.PRIVATE_ISOLATED, cidrMask: 24 }"],
      ['      vpcSubnets: { subnetType: ec2.SubnetType.PRIVATE_WITH_EGRESS },\n      launchTemplate', '      vpcSubnets: { subnetType: ec2.SubnetType.PRIVATE_ISOLATED },\n      launchTemplate'],
      ['      vpcSubnets: { subnetType: ec2.SubnetType.PRIVATE_WITH_EGRESS },\n      databaseName', '      vpcSubnets: { subnetType: ec2.SubnetType.PRIVATE_ISOLATED },\n      databaseName'],
    ]),
    failing: ['network-right-sized'],
  },
  {
    name: 'made the database single-AZ and tiny instead of right-sizing it',
    labFile: variant(solution, 'single-az-db', [
      ['ec2.InstanceType.of(ec2.InstanceClass.T4G, ec2.InstanceSize.SMALL)', 'ec2.InstanceType.of(ec2.InstanceClass.T4G, ec2.InstanceSize.MICRO)'],
      ['multiAz: true,', 'multiAz: false,'],
    ]),
    failing: ['database-right-sized'],
  },
  {
    name: 'deleted the data volume instead of changing its type',
    labFile: variant(solution, 'deleted-volume', [
      ["    new ec2.Volume(this, 'DataVolume', {", "    if (false) new ec2.Volume(this, 'DataVolume', {"],
    ]),
    failing: ['storage-right-typed'],
  },
  {
    name: 'fixed only the two biggest lines (database and data volume): still over budget',
    labFile: variant(lab, 'biggest-only', [
      ['ec2.InstanceType.of(ec2.InstanceClass.M5, ec2.InstanceSize.LARGE)', 'ec2.InstanceType.of(ec2.InstanceClass.T4G, ec2.InstanceSize.SMALL)'],
      ['      volumeType: ec2.EbsDeviceVolumeType.IO2,\n      iops: 3000,\n', '      volumeType: ec2.EbsDeviceVolumeType.GP3,\n'],
    ]),
    failing: ['within-budget', 'network-right-sized', 'data-expires', 'monitoring-right-sized'],
  },
  {
    name: 'kept both NAT gateways, fixed everything else: over budget',
    labFile: variant(solution, 'two-nats', [['natGateways: 1,', 'natGateways: 2,']]),
    failing: ['network-right-sized', 'within-budget'],
  },
  {
    name: 'a retention of one day (logs gone before the incident review)',
    labFile: variant(solution, 'one-day-logs', [['retention: logs.RetentionDays.THREE_MONTHS', 'retention: logs.RetentionDays.ONE_DAY']]),
    failing: ['data-expires'],
  },
  {
    name: 'added a resource the estimate cannot price (a transit gateway)',
    labFile: variant(solution, 'unpriced-extra', [
      ["    new ec2.Volume(this, 'DataVolume', {", "    new ec2.CfnTransitGateway(this, 'SpareTgw', {});\n    new ec2.Volume(this, 'DataVolume', {"],
    ]),
    failing: ['within-budget'],
  },
  {
    name: 'acknowledged the retention finding instead of setting a retention',
    labFile: variant(lab, 'silenced-nag', [
      ['    super(scope, id, props);\n', "    super(scope, id, props);\n    Validations.of(this).acknowledge({ id: 'Awswo-LogGroupHasRetention', reason: 'dev only' });\n"],
    ]),
    failing: ['data-expires', 'within-budget'],
  },
], [
  {
    name: 'gp3 with explicit baseline IOPS, t3.small database, enhanced monitoring off, a 30-day artifact expiry',
    labFile: variant(solution, 'other-fix', [
      ['      volumeType: ec2.EbsDeviceVolumeType.GP3,\n      encrypted', '      volumeType: ec2.EbsDeviceVolumeType.GP3,\n      iops: 3000,\n      encrypted'],
      ['ec2.InstanceType.of(ec2.InstanceClass.T4G, ec2.InstanceSize.SMALL)', 'ec2.InstanceType.of(ec2.InstanceClass.T3, ec2.InstanceSize.SMALL)'],
      ['      monitoringInterval: Duration.seconds(60),\n', ''],
      ['expiration: Duration.days(90)', 'expiration: Duration.days(30)'],
    ]),
  },
]);
