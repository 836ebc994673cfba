import { Duration, Validations } from 'aws-cdk-lib';
import * as autoscaling from 'aws-cdk-lib/aws-autoscaling';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import * as targets from 'aws-cdk-lib/aws-elasticloadbalancingv2-targets';
import { Construct } from 'constructs';

/** What the web server serves: its page, and what /health answers (the load balancer's probe). */
export interface WebSite {
  readonly index: string;
  readonly health: string;
}

/** The Auto Scaling group's settings, when the tier runs a fleet; the block sets the rest. */
export type WebFleetOptions = Omit<autoscaling.AutoScalingGroupProps,
  'vpc' | 'vpcSubnets' | 'launchTemplate' | 'mixedInstancesPolicy' | 'instanceType' | 'machineImage' | 'userData' | 'securityGroup' | 'blockDevices'>;

export interface WebTierProps {
  /** A VPC with public subnets (the load balancer) and isolated ones (the servers), e.g. `labEdgeSubnets('web')`. */
  readonly vpc: ec2.IVpc;
  /** What the security group descriptions call the service: `Orders` gives "Orders load balancer: ...". */
  readonly name: string;
  /** The only CIDR the load balancer admits HTTP from (`this.lab.allowedCidr`); none when undefined. */
  readonly allowedCidr?: string;
  readonly site: WebSite;
  /** What the target group probes. No default on purpose: `{}` is CDK's, "/" on the traffic port. */
  readonly healthCheck: elbv2.HealthCheck;
  /** @default 10 seconds: a lab server has no long requests to drain */
  readonly deregistrationDelay?: Duration;
  /** @default t3.micro */
  readonly instanceType?: ec2.InstanceType;
  /** Runs an Auto Scaling group of web servers instead of one instance. */
  readonly fleet?: WebFleetOptions;
}

/**
 * A web site behind an internet-facing Application Load Balancer: the load balancer (`alb`) in the
 * public subnets admits HTTP from the allowed CIDR only, its listener (`listener`, port 80) forwards
 * to a target group (`targetGroup`), and the web servers in the isolated subnets admit HTTP from
 * the load balancer only: one instance (`instance`), or with `fleet` an Auto Scaling group
 * (`fleet`) from a launch template (`launchTemplate`). The servers run python3's static web server
 * from the AMI, so they need no internet.
 *
 * Not a construct of its own: it adds its parts to `scope` under the ids the labs had before this
 * block existed (AlbSecurityGroup, WebSecurityGroup, WebServer or WebLaunchTemplate and WebFleet,
 * WebAlb with its listener Http, WebTargets), so deployed labs keep their logical ids and the
 * drills their resource names. One web tier per scope.
 */
export class WebTier {
  readonly albSecurityGroup: ec2.SecurityGroup;
  readonly webSecurityGroup: ec2.SecurityGroup;
  /** The web server, without `fleet`. */
  readonly instance?: ec2.Instance;
  /** The fleet's launch template, with `fleet`. */
  readonly launchTemplate?: ec2.LaunchTemplate;
  /** The web servers, with `fleet`. */
  readonly fleet?: autoscaling.AutoScalingGroup;
  readonly alb: elbv2.ApplicationLoadBalancer;
  readonly targetGroup: elbv2.ApplicationTargetGroup;
  readonly listener: elbv2.ApplicationListener;

  constructor(scope: Construct, props: WebTierProps) {
    const { vpc, name } = props;
    this.albSecurityGroup = new ec2.SecurityGroup(scope, 'AlbSecurityGroup', {
      vpc,
      description: `${name} load balancer: HTTP from the allowed CIDR only`,
      allowAllOutbound: false,
    });
    if (props.allowedCidr) this.albSecurityGroup.addIngressRule(ec2.Peer.ipv4(props.allowedCidr), ec2.Port.tcp(80), 'HTTP from the allowed CIDR');
    this.webSecurityGroup = new ec2.SecurityGroup(scope, 'WebSecurityGroup', {
      vpc,
      description: `${name} ${props.fleet ? 'servers' : 'web server'}: HTTP from the load balancer only`,
      allowAllOutbound: false,
    });

    const server = {
      instanceType: props.instanceType ?? ec2.InstanceType.of(ec2.InstanceClass.T3, ec2.InstanceSize.MICRO),
      machineImage: ec2.MachineImage.latestAmazonLinux2023(),
      userData: staticWebSite(props.site),
      securityGroup: this.webSecurityGroup,
      requireImdsv2: true,
      detailedMonitoring: true,
      blockDevices: [{ deviceName: '/dev/xvda', volume: ec2.BlockDeviceVolume.ebs(8, { encrypted: true, volumeType: ec2.EbsDeviceVolumeType.GP3 }) }],
    };
    let target: elbv2.IApplicationLoadBalancerTarget;
    if (props.fleet) {
      // The load balancer's rules to the fleet come with the target group: an Auto Scaling group is connectable.
      this.launchTemplate = new ec2.LaunchTemplate(scope, 'WebLaunchTemplate', server);
      this.fleet = new autoscaling.AutoScalingGroup(scope, 'WebFleet', {
        vpc,
        vpcSubnets: { subnetType: ec2.SubnetType.PRIVATE_ISOLATED },
        launchTemplate: this.launchTemplate,
        ...props.fleet,
      });
      Validations.of(this.fleet).acknowledge({ id: 'AwsSolutions-AS3', reason: 'LAB: scaling notifications would need a KMS-encrypted topic per lab; the fleet is watched through its load balancer' });
      target = this.fleet;
    } else {
      // An instance target is not connectable: the rules between the two groups are written here.
      this.webSecurityGroup.addIngressRule(this.albSecurityGroup, ec2.Port.tcp(80), 'HTTP from the load balancer');
      this.albSecurityGroup.addEgressRule(this.webSecurityGroup, ec2.Port.tcp(80), 'HTTP to the web server');
      this.instance = new ec2.Instance(scope, 'WebServer', { vpc, vpcSubnets: { subnetType: ec2.SubnetType.PRIVATE_ISOLATED }, ...server });
      Validations.of(this.instance).acknowledge({ id: 'AwsSolutions-EC29', reason: 'LAB: one disposable web server; the lab is destroyed within hours' });
      target = new targets.InstanceTarget(this.instance, 80);
    }

    this.alb = new elbv2.ApplicationLoadBalancer(scope, 'WebAlb', {
      vpc,
      internetFacing: true,
      vpcSubnets: { subnetType: ec2.SubnetType.PUBLIC },
      securityGroup: this.albSecurityGroup,
    });
    Validations.of(this.alb).acknowledge({ id: 'AwsSolutions-ELB2', reason: 'LAB: ELB access logging needs a region-specific bucket policy; labs synthesize region-agnostic' });
    this.targetGroup = new elbv2.ApplicationTargetGroup(scope, 'WebTargets', {
      vpc,
      port: 80,
      protocol: elbv2.ApplicationProtocol.HTTP,
      targets: [target],
      deregistrationDelay: props.deregistrationDelay ?? Duration.seconds(10),
      healthCheck: props.healthCheck,
    });
    this.listener = this.alb.addListener('Http', { port: 80, open: false, defaultTargetGroups: [this.targetGroup] });
  }
}

/** User data: a static site served by python3 from the AMI (no internet needed) on port 80, with /health. */
export function staticWebSite(site: WebSite): ec2.UserData {
  for (const text of [site.index, site.health]) {
    if (text.includes("'") || text.includes('\n')) throw new Error(`web site text must be one line without single quotes: ${JSON.stringify(text)}`);
  }
  const userData = ec2.UserData.forLinux();
  userData.addCommands(
    'mkdir -p /srv/www',
    `echo '${site.index}' > /srv/www/index.html`,
    `echo '${site.health}' > /srv/www/health`,
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
