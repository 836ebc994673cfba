import { Duration, RemovalPolicy, Validations } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import * as targets from 'aws-cdk-lib/aws-elasticloadbalancingv2-targets';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { LabStack, LabStackProps } from '../../../lib/lab';

/**
 * The status page of the orders service: a load balancer and one web server, watched by one alarm.
 * Your instructor will break it while you are on call (see README.md).
 */
export default class LiveIncidentLab extends LabStack {
  constructor(scope: Construct, id: string, props: LabStackProps) {
    super(scope, id, props);

    // No NAT gateway: the load balancer sits in public subnets, the web server in isolated ones.
    const vpc = new ec2.Vpc(this, 'Vpc', {
      maxAzs: 2,
      natGateways: 0,
      subnetConfiguration: [
        { name: 'edge', subnetType: ec2.SubnetType.PUBLIC, cidrMask: 24 },
        { name: 'web', subnetType: ec2.SubnetType.PRIVATE_ISOLATED, cidrMask: 24 },
      ],
    });
    vpc.addFlowLog('FlowLog', {
      destination: ec2.FlowLogDestination.toCloudWatchLogs(new logs.LogGroup(this, 'FlowLogs', {
        retention: logs.RetentionDays.ONE_WEEK,
        removalPolicy: RemovalPolicy.DESTROY,
      })),
      trafficType: ec2.FlowLogTrafficType.REJECT,
    });

    const albSecurityGroup = new ec2.SecurityGroup(this, 'AlbSecurityGroup', {
      vpc,
      description: 'Status page load balancer: HTTP from the allowed CIDR only',
      allowAllOutbound: false,
    });
    if (this.lab.allowedCidr) albSecurityGroup.addIngressRule(ec2.Peer.ipv4(this.lab.allowedCidr), ec2.Port.tcp(80), 'HTTP from the allowed CIDR');
    const webSecurityGroup = new ec2.SecurityGroup(this, 'WebSecurityGroup', {
      vpc,
      description: 'Status page web server: HTTP from the load balancer only',
      allowAllOutbound: false,
    });
    webSecurityGroup.addIngressRule(albSecurityGroup, ec2.Port.tcp(80), 'HTTP from the load balancer');
    albSecurityGroup.addEgressRule(webSecurityGroup, ec2.Port.tcp(80), 'HTTP to the web server');

    const web = new ec2.Instance(this, 'WebServer', {
      vpc,
      vpcSubnets: { subnetType: ec2.SubnetType.PRIVATE_ISOLATED },
      instanceType: ec2.InstanceType.of(ec2.InstanceClass.T3, ec2.InstanceSize.MICRO),
      machineImage: ec2.MachineImage.latestAmazonLinux2023(),
      securityGroup: webSecurityGroup,
      userData: webServer(),
      requireImdsv2: true,
      detailedMonitoring: true,
      blockDevices: [{ deviceName: '/dev/xvda', volume: ec2.BlockDeviceVolume.ebs(8, { encrypted: true, volumeType: ec2.EbsDeviceVolumeType.GP3 }) }],
    });
    Validations.of(web).acknowledge({ id: 'AwsSolutions-EC29', reason: 'LAB: one disposable web server; the lab is destroyed within hours' });

    const alb = new elbv2.ApplicationLoadBalancer(this, 'WebAlb', {
      vpc,
      internetFacing: true,
      vpcSubnets: { subnetType: ec2.SubnetType.PUBLIC },
      securityGroup: albSecurityGroup,
    });
    Validations.of(alb).acknowledge({ id: 'AwsSolutions-ELB2', reason: 'LAB: ELB access logging needs a region-specific bucket policy; labs synthesize region-agnostic' });
    const webTargets = new elbv2.ApplicationTargetGroup(this, 'WebTargets', {
      vpc,
      port: 80,
      protocol: elbv2.ApplicationProtocol.HTTP,
      targets: [new targets.InstanceTarget(web, 80)],
      deregistrationDelay: Duration.seconds(10),
      healthCheck: { path: '/health', interval: Duration.seconds(10), timeout: Duration.seconds(5), healthyThresholdCount: 2, unhealthyThresholdCount: 2 },
    });
    alb.addListener('Http', { port: 80, open: false, defaultTargetGroups: [webTargets] });

    // TRAP slow-detection: five-minute periods, three of them: an outage is noticed a quarter of an hour late.
    // TRAP missing-data-ok: when the target group stops reporting, the alarm calls that OK.
    // TRAP alarm-pages-nobody: the alarm has no action, on ALARM or on OK: nobody is paged, nobody hears it recovered.
    new cloudwatch.Alarm(this, 'HealthyHostsAlarm', {
      alarmDescription: 'Status page down: no healthy web server behind the load balancer',
      metric: webTargets.metrics.healthyHostCount({ statistic: cloudwatch.Stats.MINIMUM, period: Duration.minutes(5) }),
      threshold: 1,
      evaluationPeriods: 3,
      comparisonOperator: cloudwatch.ComparisonOperator.LESS_THAN_THRESHOLD,
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
    });
  }
}

/** User data: a static page served by python3 from the AMI (no internet needed), with /health for the load balancer. */
function webServer(): ec2.UserData {
  const userData = ec2.UserData.forLinux();
  userData.addCommands(
    'mkdir -p /srv/www',
    "echo '<h1>awswo orders status: all systems normal</h1>' > /srv/www/index.html",
    "echo 'ok' > /srv/www/health",
    'cat > /etc/systemd/system/web.service <<UNIT',
    '[Unit]',
    'Description=awswo static web server',
    'After=network-online.target',
    '[Service]',
    'ExecStart=/usr/bin/python3 -m http.server 80 --directory /srv/www',
    'Restart=always',
    '[Install]',
    'WantedBy=multi-user.target',
    'UNIT',
    'systemctl daemon-reload',
    'systemctl enable --now web.service',
  );
  return userData;
}
