// New principals: listed in the scope report, so an instructor sees every identity the fix adds.
// What each may do is the IAM model's to judge.
import type { ScopeFinding } from '../../model/evidence';
import type { TemplateJson } from '../../model/template';
import { asList, render, resources } from '../../template/read';

export const PRINCIPAL_TYPES = [
  'AWS::IAM::Role', 'AWS::IAM::User', 'AWS::IAM::Group', 'AWS::IAM::InstanceProfile', 'AWS::IAM::AccessKey',
  'AWS::IAM::OIDCProvider', 'AWS::IAM::SAMLProvider', 'AWS::IAM::ServiceLinkedRole', 'AWS::Cognito::IdentityPoolRoleAttachment',
];

/** Who may assume a role, in words: `lambda.amazonaws.com`, `${AWS::AccountId} root`... */
function trusted(props: Record<string, any>): string {
  const who = asList(props.AssumeRolePolicyDocument?.Statement as any[])
    .filter((s) => s?.Effect === 'Allow')
    .flatMap((s) => {
      const p = s.Principal;
      if (p === '*') return ['anyone'];
      return ['Service', 'AWS', 'Federated'].flatMap((k) => asList(p?.[k]).map((x) => render(x)));
    });
  return who.length ? who.join(', ') : 'nobody';
}

/** Every principal (role, user, group, instance profile, access key, identity provider) the baseline does not have. */
export function newPrincipals(baseline: TemplateJson, template: TemplateJson): ScopeFinding[] {
  const before = baseline.Resources ?? {};
  return resources(template, { includeGuardrails: true })
    .filter((r) => PRINCIPAL_TYPES.includes(r.resource.Type) && before[r.logicalId]?.Type !== r.resource.Type)
    .map((r) => {
      const shown = r.path.replace(/\/Resource$/, '') || r.logicalId;
      const props = r.resource.Properties ?? {};
      const detail = r.resource.Type === 'AWS::IAM::Role' ? ` trusting ${trusted(props)}`
        : r.resource.Type === 'AWS::IAM::InstanceProfile' ? ` for ${asList(props.Roles).map(render).join(', ')}`
          : r.resource.Type === 'AWS::IAM::AccessKey' ? ` for ${render(props.UserName)}` : '';
      return { kind: 'new-principal', logicalId: r.logicalId, constructId: r.path.split('/')[0] || r.logicalId, message: `new ${r.resource.Type} ${shown}${detail}` };
    });
}
