import { CfnResource, Stack, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks, NagPack } from 'cdk-nag';
import { IConstruct } from 'constructs';
import { AwswoChecks } from '../nag';
import type { NagFinding } from '../model/evidence';


/** The packs every lab is held to. */
export function coursePacks(scope?: IConstruct): NagPack[] {
  return [new AwsSolutionsChecks(scope), new AwswoChecks(scope)];
}

/**
 * Runs the course packs over a synthesized stack and returns every finding, acknowledged or not.
 * A student's `Validations.of(x).acknowledge(...)` must not silence a target rule, so the packs'
 * (private) acknowledgement lookup is switched off here and acknowledgements are reported instead.
 */
export function nagFindings(stack: Stack): NagFinding[] {
  const findings: NagFinding[] = [];
  const stackPath = stack.node.path;
  const byPath = new Map(stack.node.findAll().map((c) => [c.node.path, c]));
  for (const pack of coursePacks()) {
    Object.defineProperty(pack, 'isAcknowledged', { value: () => false });
    const report = pack.validateScope(stack);
    for (const v of report.violations) {
      for (const r of v.violatingResources) {
        const constructPath = r.constructPath ?? r.resourceLogicalId ?? '';
        const construct = byPath.get(constructPath);
        findings.push({
          rule: v.ruleName,
          path: constructPath.startsWith(`${stackPath}/`) ? constructPath.slice(stackPath.length + 1) : constructPath,
          severity: v.severity === 'error' ? 'error' : 'warning',
          description: v.description,
          acknowledgedWith: construct ? acknowledgement(construct, v.ruleName) : undefined,
          logicalId: construct instanceof CfnResource ? stack.resolve(construct.logicalId) : undefined,
        });
      }
    }
  }
  return findings;
}

/** The reason an acknowledgement on the construct or one of its scopes gives for `rule`, if any. */
export function acknowledgement(construct: IConstruct, rule: string): string | undefined {
  const key = Validations.ACKNOWLEDGED_RULES_METADATA_KEY;
  for (let c: IConstruct | undefined = construct; c; c = c.node.scope) {
    for (const entry of c.node.metadata) {
      if (entry.type !== key || !entry.data) continue;
      for (const [id, reason] of Object.entries(entry.data as Record<string, string>)) {
        if (id.replace(/^annotation::/i, '') === rule) return String(reason);
      }
    }
  }
  return undefined;
}
