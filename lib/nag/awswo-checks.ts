import { CfnResource } from 'aws-cdk-lib';
import { NagMessageLevel, NagPack, NagPackProps, NagRuleResult } from 'cdk-nag';
import { IConstruct } from 'constructs';
import * as rules from './rules';

/** What every rule file exports: the rule (default) and what it says when it fires. */
export interface AwswoRule {
  readonly default: (node: CfnResource) => NagRuleResult;
  readonly info: string;
  readonly explanation: string;
  readonly level: NagMessageLevel;
}

const RULES: readonly AwswoRule[] = Object.values(rules as Record<string, AwswoRule>);

/** The course's own rules, on top of AwsSolutionsChecks. Rule ids are `Awswo-<RuleFileName>`. */
export class AwswoChecks extends NagPack {
  public readonly name = 'Awswo';

  constructor(scope?: IConstruct, props?: NagPackProps) {
    super(scope, props);
    this.packName = 'Awswo';
  }

  protected checkResource(node: CfnResource): void {
    for (const r of RULES) this.applyRule({ info: r.info, explanation: r.explanation, level: r.level, rule: r.default, node });
  }
}

export const AWSWO_RULE_IDS = RULES.map((r) => `Awswo-${r.default.name}`);
