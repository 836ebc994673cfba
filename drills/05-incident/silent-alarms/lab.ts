import { Duration, RemovalPolicy, Validations } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as actions from 'aws-cdk-lib/aws-cloudwatch-actions';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import * as targets from 'aws-cdk-lib/aws-elasticloadbalancingv2-targets';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as rds from 'aws-cdk-lib/aws-rds';
import * as sns from 'aws-cdk-lib/aws-sns';
import { Construct } from 'constructs';
import { LAB_POSTGRES_VERSION, LabStack, LabStackProps } from '../../../lib/lab';

/**
 * The orders web service: a load balancer, one web server and its database, watched by four alarms
 * and an operations topic. Last night it was down for an hour and nobody was told (see README.md).
 */
export default class SilentAlarmsLab extends LabStack {
  constructor(scope: Construct, id: string, props: LabStackProps) {
    super(scope, id, props);

    // No NAT gateway: the load balancer sits in public subnets, the server and database in isolated ones.
    // TRAP no-flow-logs: nobody can tell afterwards which connections were refused during an incident.
    const vpc = new ec2.Vpc(this, 'Vpc', {
      maxAzs: 2,
      natGateways: 0,
      subnetConfiguration: [
        { name: 'edge', subnetType: ec2.SubnetType.PUBLIC, cidrMask: 24 },
        { name: 'app', subnetType: ec2.SubnetType.PRIVATE_ISOLATED, cidrMask: 24 },
      ],
    });
    Validations.of(vpc).acknowledge({ id: 'AwsSolutions-VPC7', reason: 'DRILL: trap no-flow-logs' });

    const albSecurityGroup = new ec2.SecurityGroup(this, 'AlbSecurityGroup', {
      vpc,
      description: 'Orders load balancer: HTTP from the allowed CIDR only',
      allowAllOutbound: false,
    });
    if (this.lab.allowedCidr) albSecurityGroup.addIngressRule(ec2.Peer.ipv4(this.lab.allowedCidr), ec2.Port.tcp(80), 'HTTP from the allowed CIDR');
    const webSecurityGroup = new ec2.SecurityGroup(this, 'WebSecurityGroup', {
      vpc,
      description: 'Orders web server: HTTP from the load balancer only',
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
      healthCheck: { path: '/health', interval: Duration.seconds(15), healthyThresholdCount: 2, unhealthyThresholdCount: 2 },
    });
    alb.addListener('Http', { port: 80, open: false, defaultTargetGroups: [webTargets] });

    const db = new rds.DatabaseInstance(this, 'OrdersDb', {
      engine: rds.DatabaseInstanceEngine.postgres({ version: LAB_POSTGRES_VERSION }),
      instanceType: ec2.InstanceType.of(ec2.InstanceClass.T4G, ec2.InstanceSize.MICRO),
      vpc,
      vpcSubnets: { subnetType: ec2.SubnetType.PRIVATE_ISOLATED },
      databaseName: 'orders',
      credentials: rds.Credentials.fromUsername('orders_admin'),
      manageMasterUserPassword: true,
      allocatedStorage: 20,
      storageType: rds.StorageType.GP3,
      storageEncrypted: true,
      port: 5433,
      multiAz: false,
      deletionProtection: false,
      removalPolicy: RemovalPolicy.DESTROY,
      backupRetention: Duration.days(1),
    });
    Validations.of(db).acknowledge({ id: 'AwsSolutions-RDS3', reason: 'LAB: a standby would double the cost of a lab that lives for hours; this drill is about alarms' });
    Validations.of(db).acknowledge({ id: 'AwsSolutions-RDS10', reason: 'LAB: the lab database must go with cdk destroy' });

    // TRAP logs-forever: the application's logs are kept (and billed) forever.
    const appLogs = new logs.LogGroup(this, 'AppLogs', { removalPolicy: RemovalPolicy.DESTROY, retention: logs.RetentionDays.INFINITE });
    Validations.of(appLogs).acknowledge({ id: 'Awswo-LogGroupHasRetention', reason: 'DRILL: trap logs-forever' });

    // TRAP topic-plaintext: anyone allowed to publish may do it over plain HTTP.
    const opsTopic = new sns.Topic(this, 'OpsTopic', { displayName: 'Orders service: operations alerts' });
    Validations.of(opsTopic).acknowledge({ id: 'AwsSolutions-SNS3', reason: 'DRILL: trap topic-plaintext' });
    const notify = new actions.SnsAction(opsTopic);

    // TRAP wrong-dimension: copied from another environment's console; no load balancer of this stack has that name.
    const http5xx = new cloudwatch.Alarm(this, 'Http5xxAlarm', {
      alarmDescription: 'The web server answers with 5xx errors',
      metric: new cloudwatch.Metric({
        namespace: 'AWS/ApplicationELB',
        metricName: 'HTTPCode_Target_5XX_Count',
        dimensionsMap: { LoadBalancer: 'app/awswo-orders/50dc6c495c0c9188' },
        statistic: cloudwatch.Stats.SUM,
        period: Duration.minutes(1),
      }),
      threshold: 5,
      evaluationPeriods: 3,
      datapointsToAlarm: 2,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
    });
    http5xx.addAlarmAction(notify);

    // TRAP wrong-namespace: TargetResponseTime is an Application Load Balancer metric; AWS/ELB holds Classic Load Balancer metrics.
    const latency = new cloudwatch.Alarm(this, 'LatencyAlarm', {
      alarmDescription: 'The web server answers slowly',
      metric: new cloudwatch.Metric({
        namespace: 'AWS/ELB',
        metricName: 'TargetResponseTime',
        dimensionsMap: { LoadBalancer: alb.loadBalancerFullName },
        statistic: cloudwatch.Stats.percentile(90),
        period: Duration.minutes(1),
      }),
      threshold: 2,
      evaluationPeriods: 5,
      datapointsToAlarm: 3,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
    });
    latency.addAlarmAction(notify);

    // TRAP missing-data-ok: when the target group stops reporting, the alarm calls that OK.
    // TRAP alarm-no-actions: and when it does fire, it tells nobody.
    new cloudwatch.Alarm(this, 'HealthyHostsAlarm', {
      alarmDescription: 'No healthy web server behind the load balancer',
      metric: webTargets.metrics.healthyHostCount({ statistic: cloudwatch.Stats.MINIMUM, period: Duration.minutes(1) }),
      threshold: 1,
      evaluationPeriods: 2,
      comparisonOperator: cloudwatch.ComparisonOperator.LESS_THAN_THRESHOLD,
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
    });

    const dbCpu = new cloudwatch.Alarm(this, 'DbCpuAlarm', {
      alarmDescription: 'The orders database is CPU bound',
      metric: db.metricCPUUtilization({ period: Duration.minutes(5) }),
      threshold: 80,
      evaluationPeriods: 3,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
      treatMissingData: cloudwatch.TreatMissingData.MISSING,
    });
    dbCpu.addAlarmAction(notify);

    // TRAP no-composite: nothing says "the service is down" in one page; the on-call gets fragments or nothing.
  }
}

/** User data: a static page served by python3 from the AMI (no internet needed), with /health for the load balancer. */
function webServer(): ec2.UserData {
  const userData = ec2.UserData.forLinux();
  userData.addCommands(
    'mkdir -p /srv/www',
    "echo '<h1>awswo orders service</h1>' > /srv/www/index.html",
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
