import { Aspects, Aws, CfnResource, DefaultStackSynthesizer, Fn, IAspect, RemovalPolicy, Stack, Tags, Token, Validations } from 'aws-cdk-lib';
import * as budgets from 'aws-cdk-lib/aws-budgets';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as scheduler from 'aws-cdk-lib/aws-scheduler';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as subscriptions from 'aws-cdk-lib/aws-sns-subscriptions';
import { Construct, IConstruct } from 'constructs';
import { GUARDRAILS_ID, TAG_KEYS } from './guardrail-names';
import { cidrWithin, LabContext, labStackName } from './lab-context';

export { GUARDRAILS_ID, TAG_KEYS };

/** Instance types a lab may launch: the boundary denies anything bigger. */
const ALLOWED_INSTANCE_TYPES = ['t3.nano', 't3.micro', 't3.small', 't4g.nano', 't4g.micro', 't4g.small'];

const CEILING = 'GUARDRAIL: a permissions boundary is a ceiling, not a grant; it only narrows what lab roles may do';

/**
 * Safety every lab gets, whatever the student writes in lab.ts: tags on every taggable resource,
 * a permissions boundary on every IAM role and user, no ingress wider than the allowed CIDR, a
 * budget with an alert, and an expiry that deletes the stack.
 */
export class Guardrails extends Construct {
  static apply(stack: Stack, ctx: LabContext): Guardrails {
    return new Guardrails(stack, GUARDRAILS_ID, ctx);
  }

  readonly boundary: iam.ManagedPolicy;
  readonly alerts: sns.Topic;

  private constructor(stack: Stack, id: string, ctx: LabContext) {
    super(stack, id);
    Tags.of(stack).add(TAG_KEYS.drill, ctx.drillId);
    Tags.of(stack).add(TAG_KEYS.module, ctx.module);
    Tags.of(stack).add(TAG_KEYS.student, ctx.student);
    Tags.of(stack).add(TAG_KEYS.expiresAt, ctx.expiresAt);

    this.boundary = new iam.ManagedPolicy(this, 'PermissionsBoundary', {
      description: `awswo boundary: ${ctx.student}'s lab roles act only in this region, on this student's resources`,
      statements: boundaryStatements(ctx),
    });
    iam.PermissionsBoundary.of(stack).apply(this.boundary);
    for (const rule of ['AwsSolutions-IAM5[Action::*]', 'AwsSolutions-IAM5[Resource::*]']) {
      Validations.of(this.boundary).acknowledge({ id: rule, reason: CEILING });
    }

    this.alerts = this.budgetAlerts(ctx);
    this.expiry(stack, ctx);
    this.functionLogGroups(stack);
    Aspects.of(stack).add(new IngressWithinAllowedCidr(ctx.allowedCidr));
    Aspects.of(stack).add(new NoTagsOnListeners());
  }

  /**
   * Every Lambda function of the lab without a log group of its own (CDK's custom-resource
   * handlers: bucket auto-delete, bucket notifications, the default security group restriction)
   * writes to one the stack creates and `cdk destroy` deletes. Otherwise Lambda creates
   * /aws/lambda/<function> at its first run, outside the stack, and destroy leaves it behind: the
   * handlers run on deploy and again on destroy. The function refers to the group, so
   * CloudFormation deletes the group only after the function (and the custom resource that calls it).
   */
  private functionLogGroups(stack: Stack): void {
    const functions = stack.node.findAll().filter((c): c is CfnResource =>
      c instanceof CfnResource && c.cfnResourceType === 'AWS::Lambda::Function' && !hasOwnLogGroup(stack, c));
    for (const fn of functions) {
      const group = new logs.CfnLogGroup(this, `${stack.getLogicalId(fn)}Logs`, { retentionInDays: 7 });
      group.applyRemovalPolicy(RemovalPolicy.DESTROY);
      fn.addPropertyOverride('LoggingConfig.LogGroup', group.ref);
    }
  }

  /** A monthly cost budget on this student's tagged resources, alerting at 80 % actual spend. */
  private budgetAlerts(ctx: LabContext): sns.Topic {
    const topic = new sns.Topic(this, 'BudgetAlerts', { enforceSSL: true, displayName: `awswo budget alerts for ${ctx.student}` });
    topic.addToResourcePolicy(new iam.PolicyStatement({
      actions: ['sns:Publish'],
      principals: [new iam.ServicePrincipal('budgets.amazonaws.com')],
      resources: [topic.topicArn],
      conditions: { StringEquals: { 'aws:SourceAccount': Aws.ACCOUNT_ID } },
    }));
    Validations.of(topic).acknowledge({ id: 'AwsSolutions-SNS2', reason: 'GUARDRAIL: budget alerts carry no data worth a KMS key per lab' });
    if (ctx.budgetEmail) topic.addSubscription(new subscriptions.EmailSubscription(ctx.budgetEmail));
    new budgets.CfnBudget(this, 'Budget', {
      budget: {
        budgetName: labStackName(ctx),
        budgetType: 'COST',
        timeUnit: 'MONTHLY',
        budgetLimit: { amount: ctx.budgetUsd, unit: 'USD' },
        // Needs the awswo:student cost allocation tag activated in the billing console.
        costFilters: { TagKeyValue: [`user:${TAG_KEYS.student}$${ctx.student}`] },
      },
      notificationsWithSubscribers: [{
        notification: { notificationType: 'ACTUAL', comparisonOperator: 'GREATER_THAN', threshold: 80, thresholdType: 'PERCENTAGE' },
        subscribers: [{ subscriptionType: 'SNS', address: topic.topicArn }],
      }],
    });
    return topic;
  }

  /** EventBridge Scheduler calls CloudFormation DeleteStack on this stack at expiresAt: no custom code. */
  private expiry(stack: Stack, ctx: LabContext): void {
    const role = new iam.Role(this, 'ExpiryRole', {
      assumedBy: new iam.ServicePrincipal('scheduler.amazonaws.com', { conditions: { StringEquals: { 'aws:SourceAccount': Aws.ACCOUNT_ID } } }),
      description: `Deletes ${stack.stackName} when the lab expires`,
    });
    role.addToPolicy(new iam.PolicyStatement({
      actions: ['cloudformation:DeleteStack'],
      resources: [stack.formatArn({ service: 'cloudformation', resource: 'stack', resourceName: `${stack.stackName}/*` })],
    }));
    if (stack.synthesizer instanceof DefaultStackSynthesizer) {
      // DeleteStack runs under the stack's CloudFormation execution role from `cdk bootstrap`.
      role.addToPolicy(new iam.PolicyStatement({
        actions: ['iam:PassRole'],
        // The synthesizer's ARN carries ${AWS::AccountId}-style placeholders: Fn::Sub fills them in.
        resources: [Fn.sub(stack.synthesizer.cloudFormationExecutionRoleArn)],
        conditions: { StringEquals: { 'iam:PassedToService': 'cloudformation.amazonaws.com' } },
      }));
    }
    // cdk-nag spells a pinned region or account out in the finding id, and a token as <AWS::Region>.
    const region = Token.isUnresolved(stack.region) ? '<AWS::Region>' : stack.region;
    const account = Token.isUnresolved(stack.account) ? '<AWS::AccountId>' : stack.account;
    Validations.of(role).acknowledge({
      id: `AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:cloudformation:${region}:${account}:stack/${stack.stackName}/*]`,
      reason: 'GUARDRAIL: the stack id suffix is only known after the first deploy; the name pins this stack',
    });
    new scheduler.CfnSchedule(this, 'ExpirySchedule', {
      description: `awswo: delete ${stack.stackName} at ${ctx.expiresAt}`,
      scheduleExpression: `at(${ctx.expiresAt.replace(/Z$/, '')})`,
      scheduleExpressionTimezone: 'UTC',
      flexibleTimeWindow: { mode: 'OFF' },
      target: {
        arn: 'arn:aws:scheduler:::aws-sdk:cloudformation:deleteStack',
        roleArn: role.roleArn,
        input: JSON.stringify({ StackName: stack.stackName }),
      },
    });
  }
}

function boundaryStatements(ctx: LabContext): iam.PolicyStatement[] {
  return [
    new iam.PolicyStatement({
      sid: 'OnlyInTheLabRegion',
      actions: ['*'],
      resources: ['*'],
      conditions: { StringEquals: { 'aws:RequestedRegion': Aws.REGION } },
    }),
    new iam.PolicyStatement({
      sid: 'NoIdentityOrAccountChanges',
      effect: iam.Effect.DENY,
      actions: [
        'iam:Create*', 'iam:Delete*', 'iam:Put*', 'iam:Attach*', 'iam:Detach*', 'iam:Update*',
        'iam:Add*', 'iam:Remove*', 'iam:SetDefaultPolicyVersion',
        'organizations:*', 'account:*', 'aws-portal:*', 'billing:*', 'budgets:Modify*',
        'sts:AssumeRole', 'cloudtrail:StopLogging', 'cloudtrail:DeleteTrail',
      ],
      resources: ['*'],
    }),
    new iam.PolicyStatement({
      sid: 'NoOtherStudentsResources',
      effect: iam.Effect.DENY,
      actions: ['*'],
      resources: ['*'],
      conditions: {
        StringNotEquals: { [`aws:ResourceTag/${TAG_KEYS.student}`]: ctx.student },
        Null: { [`aws:ResourceTag/${TAG_KEYS.student}`]: 'false' },
      },
    }),
    new iam.PolicyStatement({
      sid: 'OnlySmallInstances',
      effect: iam.Effect.DENY,
      actions: ['ec2:RunInstances'],
      resources: ['arn:aws:ec2:*:*:instance/*'],
      conditions: { StringNotEquals: { 'ec2:InstanceType': ALLOWED_INSTANCE_TYPES } },
    }),
  ];
}

/** True when the function already names a log group (`logGroup:` on lambda.Function). */
function hasOwnLogGroup(stack: Stack, fn: CfnResource): boolean {
  const props = fn instanceof lambda.CfnFunction ? { LoggingConfig: stack.resolve(fn.loggingConfig) } : stack.resolve((fn as unknown as { _cfnProperties?: unknown })._cfnProperties);
  const config = (props as { LoggingConfig?: { LogGroup?: unknown; logGroup?: unknown } } | undefined)?.LoggingConfig;
  return config?.LogGroup !== undefined || config?.logGroup !== undefined;
}

/**
 * Drops Tags from ELBv2 listeners and listener rules. aws-cdk-lib models them as taggable, and the
 * CloudFormation template reference lists Tags on both since mid-2026, but the resource schemas
 * cfn-lint 1.51 bundles (taggable: false, no Tags property, every region) and CloudFormation
 * before that change refuse them ("extraneous key [Tags] is not permitted", cfn-lint E3002). A
 * listener is deleted with its load balancer, so the sweep never needs to find it by tag.
 */
class NoTagsOnListeners implements IAspect {
  visit(node: IConstruct): void {
    if (node instanceof CfnResource && UNTAGGED_TYPES.has(node.cfnResourceType)) node.addPropertyDeletionOverride('Tags');
  }
}
const UNTAGGED_TYPES = new Set(['AWS::ElasticLoadBalancingV2::Listener', 'AWS::ElasticLoadBalancingV2::ListenerRule']);

/** Refuses to synthesize a lab whose security groups admit more than the allowed CIDR. */
class IngressWithinAllowedCidr implements IAspect {
  constructor(private readonly allowedCidr?: string) {}

  visit(node: IConstruct): void {
    if (!(node instanceof CfnResource)) return;
    const stack = Stack.of(node);
    const rules: Array<{ CidrIp?: unknown; CidrIpv6?: unknown }> = [];
    if (node instanceof ec2.CfnSecurityGroup) {
      const ingress = stack.resolve(node.securityGroupIngress);
      if (Array.isArray(ingress)) rules.push(...ingress.map((r: any) => ({ CidrIp: r.cidrIp ?? r.CidrIp, CidrIpv6: r.cidrIpv6 ?? r.CidrIpv6 })));
    } else if (node instanceof ec2.CfnSecurityGroupIngress) {
      rules.push({ CidrIp: stack.resolve(node.cidrIp), CidrIpv6: stack.resolve(node.cidrIpv6) });
    }
    for (const rule of rules) {
      const problem = this.problem(rule);
      if (problem) throw new Error(`awswo guardrail: ${node.node.path}: ${problem}`);
    }
  }

  private problem(rule: { CidrIp?: unknown; CidrIpv6?: unknown }): string | undefined {
    if (rule.CidrIpv6 !== undefined) return `IPv6 ingress ${String(rule.CidrIpv6)} is not allowed in labs`;
    if (rule.CidrIp === undefined) return undefined;
    if (typeof rule.CidrIp !== 'string' || Token.isUnresolved(rule.CidrIp)) return 'ingress CIDR must be a literal';
    if (!this.allowedCidr) return `ingress from ${rule.CidrIp} but no allowedCidr was given (-c allowedCidr=...)`;
    if (!cidrWithin(rule.CidrIp, this.allowedCidr)) return `ingress from ${rule.CidrIp} is wider than the allowed CIDR ${this.allowedCidr}`;
    return undefined;
  }
}
