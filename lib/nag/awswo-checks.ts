import { CfnResource } from 'aws-cdk-lib';
import { NagMessageLevel, NagPack, NagPackProps } from 'cdk-nag';
import { IConstruct } from 'constructs';
import * as rules from './rules';

/** One entry per rule: what it says when it fires, and why it matters to an operator. */
const RULES: Array<{ rule: (node: CfnResource) => any; info: string; explanation: string; level: NagMessageLevel }> = [
  {
    rule: rules.IAMNoWildcardActions,
    info: 'An identity policy allows a wildcard action (* or service:*) or uses NotAction.',
    explanation: 'Least privilege names the actions a workload needs; wildcards grant every future action too.',
    level: NagMessageLevel.ERROR,
  },
  {
    rule: rules.IAMNoAdminManagedPolicy,
    info: 'A role, user or group has AdministratorAccess, PowerUserAccess or IAMFullAccess attached.',
    explanation: 'Admin policies turn any compromise of the principal into a compromise of the account.',
    level: NagMessageLevel.ERROR,
  },
  {
    rule: rules.IAMNoUserInlinePolicy,
    info: 'An IAM user has a policy of its own.',
    explanation: 'Permissions on users are hard to audit and to revoke; grant them through groups or roles.',
    level: NagMessageLevel.ERROR,
  },
  {
    rule: rules.IAMHasPermissionsBoundary,
    info: 'An IAM role or user has no permissions boundary.',
    explanation: 'Every lab principal carries the awswo boundary so that no lab can act outside itself.',
    level: NagMessageLevel.ERROR,
  },
];

/** The course's own rules, on top of AwsSolutionsChecks. Rule ids are `Awswo-<RuleName>`. */
export class AwswoChecks extends NagPack {
  public readonly name = 'Awswo';

  constructor(scope?: IConstruct, props?: NagPackProps) {
    super(scope, props);
    this.packName = 'Awswo';
  }

  protected checkResource(node: CfnResource): void {
    for (const r of RULES) this.applyRule({ info: r.info, explanation: r.explanation, level: r.level, rule: r.rule, node });
  }
}

export const AWSWO_RULE_IDS = RULES.map((r) => `Awswo-${r.rule.name}`);
