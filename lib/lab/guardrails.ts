import { Aspects, Aws, CfnResource, IAspect, Stack, Tags, Token, Validations } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as iam from 'aws-cdk-lib/aws-iam';
import { Construct, IConstruct } from 'constructs';
import { cidrWithin, LabContext } from './lab-context';

/** Construct id of everything the guardrails add: checks and nag filters skip this subtree. */
export const GUARDRAILS_ID = 'AwswoGuardrails';

export const TAG_KEYS = {
  drill: 'awswo:drill',
  module: 'awswo:module',
  student: 'awswo:student',
} as const;

/** Instance families a lab may launch: the boundary denies anything bigger. */
const ALLOWED_INSTANCE_TYPES = ['t3.nano', 't3.micro', 't3.small', 't4g.nano', 't4g.micro', 't4g.small'];

/**
 * Safety every lab gets, whatever the student writes in lab.ts: tags on every taggable resource,
 * a permissions boundary on every IAM role and user, and no ingress wider than the allowed CIDR.
 */
export class Guardrails extends Construct {
  static apply(stack: Stack, ctx: LabContext): Guardrails {
    return new Guardrails(stack, GUARDRAILS_ID, ctx);
  }

  readonly boundary: iam.ManagedPolicy;

  private constructor(stack: Stack, id: string, ctx: LabContext) {
    super(stack, id);
    Tags.of(stack).add(TAG_KEYS.drill, ctx.drillId);
    Tags.of(stack).add(TAG_KEYS.module, ctx.module);
    Tags.of(stack).add(TAG_KEYS.student, ctx.student);

    this.boundary = new iam.ManagedPolicy(this, 'PermissionsBoundary', {
      description: `awswo boundary: ${ctx.student}'s lab roles act only in this region, on this student's resources`,
      statements: boundaryStatements(ctx),
    });
    iam.PermissionsBoundary.of(stack).apply(this.boundary);
    Validations.of(this.boundary).acknowledge({
      id: 'AwsSolutions-IAM5[Action::*]',
      reason: 'GUARDRAIL: a permissions boundary is a ceiling, not a grant; it only narrows what lab roles may do',
    });
    Validations.of(this.boundary).acknowledge({
      id: 'AwsSolutions-IAM5[Resource::*]',
      reason: 'GUARDRAIL: a permissions boundary is a ceiling, not a grant; it only narrows what lab roles may do',
    });

    Aspects.of(stack).add(new IngressWithinAllowedCidr(ctx.allowedCidr));
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
        'iam:Add*', 'iam:Remove*', 'iam:PassRole', 'iam:SetDefaultPolicyVersion',
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

/** Refuses to synthesize a lab whose security groups admit more than the allowed CIDR. */
class IngressWithinAllowedCidr implements IAspect {
  constructor(private readonly allowedCidr?: string) {}

  visit(node: IConstruct): void {
    if (!(node instanceof CfnResource)) return;
    const stack = Stack.of(node);
    const rules: Array<{ CidrIp?: unknown; CidrIpv6?: unknown }> = [];
    if (node instanceof ec2.CfnSecurityGroup) {
      const ingress = stack.resolve(node.securityGroupIngress);
      if (Array.isArray(ingress)) rules.push(...ingress);
    } else if (node instanceof ec2.CfnSecurityGroupIngress) {
      rules.push({ CidrIp: stack.resolve(node.cidrIp), CidrIpv6: stack.resolve(node.cidrIpv6) });
    }
    for (const rule of rules) {
      const problem = this.problem(rule);
      if (problem) {
        throw new Error(`awswo guardrail: ${node.node.path}: ${problem}`);
      }
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
