import { CfnOutput, Duration, RemovalPolicy, Validations } from 'aws-cdk-lib';
import * as autoscaling from 'aws-cdk-lib/aws-autoscaling';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { LabStack, LabStackProps } from '../../../lib/lab';

/**
 * Reference fix: the load balancer decides what is healthy, releases roll out one instance at a
 * time, and an alarm on unhealthy targets is exported for CloudFormation to roll back on.
 */
export default class AsgRollbackReadyLab extends LabStack {
  constructor(scope: Construct, id: string, props: LabStackProps) {
    super(scope, id, props);

    // No NAT gateway: the load balancer sits in public subnets, the web servers in isolated ones.
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
      description: 'Web load balancer: HTTP from the allowed CIDR only',
      allowAllOutbound: false,
    });
    if (this.lab.allowedCidr) albSecurityGroup.addIngressRule(ec2.Peer.ipv4(this.lab.allowedCidr), ec2.Port.tcp(80), 'HTTP from the allowed CIDR');

    const webSecurityGroup = new ec2.SecurityGroup(this, 'WebSecurityGroup', {
      vpc,
      description: 'Web servers: HTTP from the load balancer only',
      allowAllOutbound: false,
    });

    const template = new ec2.LaunchTemplate(this, 'WebLaunchTemplate', {
      instanceType: ec2.InstanceType.of(ec2.InstanceClass.T3, ec2.InstanceSize.MICRO),
      machineImage: ec2.MachineImage.latestAmazonLinux2023(),
      userData: webServer('v1'),
      securityGroup: webSecurityGroup,
      requireImdsv2: true,
      detailedMonitoring: true,
      blockDevices: [{ deviceName: '/dev/xvda', volume: ec2.BlockDeviceVolume.ebs(8, { encrypted: true, volumeType: ec2.EbsDeviceVolumeType.GP3 }) }],
    });

    const fleet = new autoscaling.AutoScalingGroup(this, 'WebFleet', {
      vpc,
      vpcSubnets: { subnetType: ec2.SubnetType.PRIVATE_ISOLATED },
      launchTemplate: template,
      minCapacity: 2,
      maxCapacity: 3,
      healthChecks: autoscaling.HealthChecks.withAdditionalChecks({
        additionalTypes: [autoscaling.AdditionalHealthCheckType.ELB],
        gracePeriod: Duration.minutes(2),
      }),
      updatePolicy: autoscaling.UpdatePolicy.rollingUpdate({
        maxBatchSize: 1,
        minInstancesInService: 1,
        pauseTime: Duration.minutes(3),
      }),
    });
    Validations.of(fleet).acknowledge({ id: 'AwsSolutions-AS3', reason: 'LAB: scaling notifications would need a KMS-encrypted topic per lab; this drill watches the fleet through its load balancer' });

    const alb = new elbv2.ApplicationLoadBalancer(this, 'WebAlb', {
      vpc,
      internetFacing: true,
      vpcSubnets: { subnetType: ec2.SubnetType.PUBLIC },
      securityGroup: albSecurityGroup,
    });
    Validations.of(alb).acknowledge({ id: 'AwsSolutions-ELB2', reason: 'LAB: ELB access logging needs a region-specific bucket policy; labs synthesize region-agnostic' });

    const targets = new elbv2.ApplicationTargetGroup(this, 'WebTargets', {
      vpc,
      port: 80,
      protocol: elbv2.ApplicationProtocol.HTTP,
      targets: [fleet],
      deregistrationDelay: Duration.seconds(30),
      healthCheck: {
        path: '/health',
        healthyHttpCodes: '200',
        interval: Duration.seconds(15),
        healthyThresholdCount: 2,
        unhealthyThresholdCount: 2,
      },
    });
    alb.addListener('Http', { port: 80, open: false, defaultTargetGroups: [targets] });

    // The rollback trigger: CloudFormation watches this alarm during and after every update
    // (update-stack --rollback-configuration, see README.md) and rolls back when it fires.
    const rollbackAlarm = new cloudwatch.Alarm(this, 'RollbackAlarm', {
      alarmDescription: 'Rollback trigger: the web fleet has unhealthy targets',
      metric: targets.metrics.unhealthyHostCount({ period: Duration.minutes(1), statistic: cloudwatch.Stats.MAXIMUM }),
      threshold: 1,
      evaluationPeriods: 2,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
    });
    new CfnOutput(this, 'RollbackAlarmArn', {
      value: rollbackAlarm.alarmArn,
      description: 'Pass to update-stack --rollback-configuration as a rollback trigger',
    });
  }
}

/** User data: a static site served by python3 from the AMI, with /health for the load balancer. */
function webServer(release: string): ec2.UserData {
  const userData = ec2.UserData.forLinux();
  userData.addCommands(
    'mkdir -p /srv/www',
    `echo '<h1>awswo web fleet, release ${release}</h1>' > /srv/www/index.html`,
    `echo 'ok ${release}' > /srv/www/health`,
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
