import type { StaticCheck } from '../drill';
import { runbookCoversChanges } from './runbook';

/**
 * Top-level construct ids CDK creates on its own, not the student: stack-level singletons such as
 * `Custom::S3AutoDeleteObjectsCustomResourceProvider` or `Custom::VpcRestrictDefaultSGCustomResourceProvider`.
 * They change when a lab change turns a feature on (restrictDefaultSecurityGroup) or moves the
 * stack to another region (their asset bucket is region-specific).
 */
export const isCdkSingleton = (constructId: string): boolean => constructId.startsWith('Custom::');

/** `runbookCoversChanges`, minus the CDK singletons a student did not write and should not have to name. */
export function runbookCoversLabChanges(id: string, title: string): StaticCheck {
  const inner = runbookCoversChanges(id, title);
  return {
    id,
    run: (e) => inner.run({ ...e, scope: { ...e.scope, changes: e.scope.changes.filter((c) => !isCdkSingleton(c.constructId)) } }),
  };
}
