// IAM actions: `service:Action`, matched case-insensitively, with `*` and `?` wildcards.

/** An action that grants a whole service (`s3:*`) or everything (`*`). The one definition the checks and the nag rules share. */
export function isWildcardAction(action: unknown): boolean {
  return action === '*' || (typeof action === 'string' && /^[a-z0-9-]+:\*$/i.test(action));
}

/** Actions compare case-insensitively: the model keeps them lower-cased. */
export const normalAction = (action: string): string => action.toLowerCase();

/**
 * Actions that let a principal give itself (or anyone) more permissions: on `*` (or on the
 * account's roles, users and policies) they amount to administrator access.
 */
export const ESCALATION_ACTIONS = [
  'iam:AttachRolePolicy', 'iam:PutRolePolicy', 'iam:AttachUserPolicy', 'iam:PutUserPolicy',
  'iam:AttachGroupPolicy', 'iam:PutGroupPolicy', 'iam:CreatePolicyVersion', 'iam:SetDefaultPolicyVersion',
  'iam:AddUserToGroup', 'iam:UpdateAssumeRolePolicy', 'iam:CreateAccessKey', 'iam:CreateLoginProfile',
  'iam:UpdateLoginProfile', 'iam:CreateUser', 'iam:CreateRole', 'iam:PassRole', 'iam:DeleteRolePermissionsBoundary',
  'iam:DeleteUserPermissionsBoundary', 'sts:AssumeRole',
].map(normalAction);
