import { CfnResource, Stack } from 'aws-cdk-lib';

/**
 * A resource's properties as they will be deployed: resolved tokens (L2 constructs fill lists
 * lazily) and property overrides (aspects such as PermissionsBoundary add them) included.
 */
export function deployedProperties(node: CfnResource): Record<string, any> {
  const cfn = Stack.of(node).resolve((node as any)._toCloudFormation());
  const body = Object.values(cfn?.Resources ?? {})[0] as { Properties?: Record<string, any> } | undefined;
  return body?.Properties ?? {};
}

/** The statements of a resolved policy document. */
export function statements(document: any): Array<Record<string, any>> {
  return toList(document?.Statement);
}

export function toList<T>(value: T | T[] | undefined | null): T[] {
  if (value === undefined || value === null) return [];
  return Array.isArray(value) ? value : [value];
}

/**
 * Whether a managed policy grants anything: attached through its own Roles/Users/Groups, or named
 * in some role's, user's or group's ManagedPolicyArns. A policy used only as a permissions
 * boundary grants nothing.
 */
export function isAttachedManagedPolicy(node: CfnResource): boolean {
  const props = deployedProperties(node);
  if ([props.Roles, props.Users, props.Groups].some((x) => toList(x).length > 0)) return true;
  const logicalId = Stack.of(node).resolve(node.logicalId);
  return Stack.of(node).node.findAll().some((c) => {
    if (!CfnResource.isCfnResource(c) || !/^AWS::IAM::(Role|User|Group)$/.test(c.cfnResourceType)) return false;
    return toList(deployedProperties(c).ManagedPolicyArns).some((arn: any) => arn?.Ref === logicalId);
  });
}
