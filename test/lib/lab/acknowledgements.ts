import { Validations } from 'aws-cdk-lib';
import { IConstruct } from 'constructs';

/** The acknowledgements made on one construct (not its children): rule id → reason. */
export function acknowledgementsOn(c: IConstruct): Record<string, string> {
  const found: Record<string, string> = {};
  for (const entry of c.node.metadata) {
    if (entry.type !== Validations.ACKNOWLEDGED_RULES_METADATA_KEY || !entry.data) continue;
    for (const [rule, reason] of Object.entries(entry.data as Record<string, unknown>)) found[rule.replace(/^annotation::/i, '')] = String(reason);
  }
  return found;
}
