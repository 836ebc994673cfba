// One IAM model of a whole template: every principal (roles, users, groups, anyone, principals
// outside the template that resource policies name), every statement that reaches it (inline,
// AWS::IAM::Policy/RolePolicy/UserPolicy/GroupPolicy/ManagedPolicy, managed policy ARNs with AWS
// managed policies from the catalogue, group membership, resource-based policies), permissions
// boundaries as a ceiling, explicit denies, the identity each workload runs as, and the roles a
// principal can assume. Values are normalized (arn.ts), conditions evaluated (conditions-iam.ts).
import type { TemplateJson } from '../../model/template';
import { constructPath } from '../../template/read';
import { ESCALATION_ACTIONS, isWildcardAction, normalAction } from './action';
import { display, isIntrinsic, TemplateValues, ValueEnvironment } from './arn';
import { Branch, branches } from './branches';
import { and, canonicalKey, Condition, contextKnows, evaluateCondition, implies, or, parseCondition, RequestContext, Tri } from './conditions-iam';
import { awsManagedPolicyOfArn } from './managed-policies';
import { covers, meet, overlaps, witness } from './pattern';

export type PrincipalKind = 'role' | 'user' | 'group' | 'anyone' | 'external';

/** One policy statement, its values normalized. */
export interface Statement {
  readonly effect: 'Allow' | 'Deny';
  /** Action patterns (compared case-insensitively); with `notActions`, the actions the statement leaves out. */
  readonly actions: readonly string[];
  readonly notActions: boolean;
  /** Normalized resource patterns; with `notResources`, the resources left out. Absent Resource: `*`. */
  readonly resources: readonly string[];
  readonly notResources: boolean;
  readonly condition: Condition;
  /** Where it comes from, as a sentence part: `AWS::IAM::Policy OpsRoleDefaultPolicy`, `AWS managed policy AdministratorAccess`. */
  readonly source: string;
  /** The AWS managed policy it belongs to, by name. */
  readonly awsManaged?: string;
  /** For a statement of a resource-based policy: whom it names (NotPrincipal: whom it leaves out). */
  readonly principals?: readonly PrincipalRef[];
  readonly notPrincipals?: boolean;
}

export type PrincipalRef =
  | { readonly kind: 'anyone' }
  | { readonly kind: 'account'; readonly account: string }
  | { readonly kind: 'arn'; readonly arn: string }
  | { readonly kind: 'service'; readonly service: string }
  | { readonly kind: 'other'; readonly text: string };

export interface Principal {
  /** The logical id for template principals, `*` for anyone, the ARN for a principal outside the template. */
  readonly key: string;
  readonly kind: PrincipalKind;
  readonly logicalId?: string;
  readonly type?: string;
  /** Normalized ARN. */
  readonly arn?: string;
  /** How reports name it: the construct path (display only), else the logical id. */
  readonly label: string;
  /** Statements of its own identity policies (a user's include its groups', sourced `group G: ...`). */
  readonly identity: readonly Statement[];
  /** Sources attached to the principal itself (not through a group): inline, attached, managed. */
  readonly ownSources: readonly string[];
  /** A permissions boundary: its statements, or `unknown` when the boundary is not in the template or catalogue. */
  readonly boundary?: { readonly source: string; readonly policyLogicalId?: string; readonly statements: readonly Statement[] } | { readonly unknown: string };
  /** Groups (logical ids) a user is a member of. */
  readonly groups: readonly string[];
  /** Managed policy ARNs attached that neither the template nor the AWS catalogue defines. */
  readonly unknownPolicies: readonly string[];
  /** Whom a role trusts (normalized: `service:lambda.amazonaws.com`, `account:<id>`, `arn:<arn>`, `*`). */
  readonly trust: readonly string[];
  readonly tags: Readonly<Record<string, string>>;
}

export interface ResourcePolicy {
  readonly logicalId: string;
  readonly type: string;
  /** Normalized ARNs of the resources it is attached to (a bucket and its objects). */
  readonly protects: readonly string[];
  readonly statements: readonly Statement[];
  /**
   * A policy without which nothing is allowed (a KMS key policy, a role's trust policy): identity
   * policies count only where it delegates to the account.
   */
  readonly required: boolean;
}

export interface Workload {
  readonly logicalId: string;
  readonly type: string;
  readonly label: string;
  /** Principal logical ids it runs as, with the property that says so. */
  readonly runsAs: ReadonlyArray<{ readonly principal: string; readonly via: string }>;
}

/** One (action, resource) a principal may do, after boundaries and unconditional denies. */
export interface Grant {
  /** Action pattern (compared case-insensitively), minus `actionExcept`. */
  readonly action: string;
  readonly actionExcept: readonly string[];
  readonly resource: string;
  readonly resourceExcept: readonly string[];
  readonly condition: Condition;
  readonly source: string;
  readonly awsManaged?: string;
  /** The statement granted NotAction (every action but some). */
  readonly negated: boolean;
  /** The action as written in the statement (before boundaries narrowed it). */
  readonly writtenAction: string;
}

export interface Decision {
  readonly result: Tri;
  /** Why 'unknown', or what denies. */
  readonly reason?: string;
}

export interface QueryOptions {
  /** Boundary policies (logical ids) to leave out: the lab's guardrail is a ceiling, not the student's fix. */
  readonly ignoreBoundaries?: ReadonlySet<string>;
  /** Include what the principal gets by assuming other roles of the template (default true). */
  readonly assume?: boolean;
}

export interface ModelEnvironment extends ValueEnvironment {}

const ANYONE = '*';

// ---------------------------------------------------------------------------------------------
// Building one branch

const PRINCIPAL_TYPES: Record<string, PrincipalKind> = { 'AWS::IAM::Role': 'role', 'AWS::IAM::User': 'user', 'AWS::IAM::Group': 'group' };

function asArray<T>(v: T | T[] | undefined | null): T[] {
  if (v === undefined || v === null) return [];
  return Array.isArray(v) ? v : [v];
}

function parseJsonDocument(doc: unknown): any {
  if (typeof doc === 'string') {
    try {
      return JSON.parse(doc);
    } catch {
      return undefined;
    }
  }
  return doc;
}

interface MutablePrincipal {
  key: string;
  kind: PrincipalKind;
  logicalId?: string;
  type?: string;
  arn?: string;
  label: string;
  own: Statement[];
  ownSources: string[];
  boundary?: Principal['boundary'];
  groups: string[];
  unknownPolicies: string[];
  trust: string[];
  tags: Record<string, string>;
}

/** The model of one branch of a template (a template without Fn::If). */
export class BranchModel {
  readonly values: TemplateValues;
  private readonly principalsByKey = new Map<string, Principal>();
  private readonly policies: ResourcePolicy[] = [];
  private readonly workloadList: Workload[] = [];
  private readonly byRoleName = new Map<string, string>();
  private readonly byUserName = new Map<string, string>();
  private readonly byGroupName = new Map<string, string>();
  private readonly byArn = new Map<string, string>();
  private readonly account: string;
  private readonly region: string;

  constructor(readonly template: TemplateJson, env: ModelEnvironment = {}, valuesFrom?: TemplateJson) {
    const merged: TemplateJson = valuesFrom ? { ...template, Resources: { ...template.Resources, ...valuesFrom.Resources } } : template;
    this.values = new TemplateValues(merged, env);
    this.account = this.values.text({ Ref: 'AWS::AccountId' });
    this.region = this.values.text({ Ref: 'AWS::Region' });
    this.build();
  }

  private text = (v: unknown) => this.values.text(v);

  private build(): void {
    const res = this.template.Resources ?? {};
    const mutable = new Map<string, MutablePrincipal>();
    // Principals of the template, and how other resources name them.
    for (const [id, r] of Object.entries(res)) {
      const kind = PRINCIPAL_TYPES[r.Type];
      if (!kind) continue;
      const arn = this.values.arnOf(id);
      const p: MutablePrincipal = {
        key: id, kind, logicalId: id, type: r.Type, arn, label: labelOf(id, r), own: [], ownSources: [], groups: [],
        unknownPolicies: [], trust: [], tags: this.tagsOf(r.Properties?.Tags),
      };
      mutable.set(id, p);
      const name = this.text({ Ref: id });
      (kind === 'role' ? this.byRoleName : kind === 'user' ? this.byUserName : this.byGroupName).set(name, id);
      if (arn) this.byArn.set(arn, id);
    }
    const named = (map: Map<string, string>, v: unknown): string | undefined => {
      const t = this.text(v);
      return map.get(t) ?? map.get(t.replace(/^.*\//, '')) ?? this.byArn.get(t);
    };
    const attach = (principalId: string | undefined, statements: Statement[], source: string) => {
      const p = principalId ? mutable.get(principalId) : undefined;
      if (!p) return;
      p.own.push(...statements);
      p.ownSources.push(source);
    };
    const managedPolicy = (arnValue: unknown): { statements: Statement[]; source: string; logicalId?: string } | { unknown: string } => {
      const arn = this.text(arnValue);
      for (const [id, r] of Object.entries(res)) {
        if (r.Type !== 'AWS::IAM::ManagedPolicy') continue;
        if (this.text({ Ref: id }) === arn) {
          return { statements: this.statements(r.Properties?.PolicyDocument, `managed policy ${labelOf(id, r)}`), source: `managed policy ${labelOf(id, r)}`, logicalId: id };
        }
      }
      const aws = awsManagedPolicyOfArn(arn);
      if (aws && aws !== 'missing') {
        return { statements: this.statements(aws.document, `AWS managed policy ${aws.name}`, aws.name), source: `AWS managed policy ${aws.name}` };
      }
      return { unknown: display(arn) };
    };

    for (const [id, r] of Object.entries(res)) {
      const props = r.Properties ?? {};
      const p = mutable.get(id);
      if (p) {
        for (const pol of asArray<any>(props.Policies)) {
          attach(id, this.statements(pol?.PolicyDocument, `inline policy ${this.text(pol?.PolicyName)} of ${p.label}`), `inline policy ${this.text(pol?.PolicyName)}`);
        }
        for (const arn of asArray(props.ManagedPolicyArns)) {
          const m = managedPolicy(arn);
          if ('unknown' in m) p.unknownPolicies.push(m.unknown);
          else attach(id, m.statements, m.source);
        }
        if (props.PermissionsBoundary !== undefined) {
          const m = managedPolicy(props.PermissionsBoundary);
          p.boundary = 'unknown' in m ? { unknown: m.unknown } : { source: m.source, policyLogicalId: m.logicalId, statements: m.statements };
        }
        if (p.kind === 'role') p.trust = this.trustOf(props.AssumeRolePolicyDocument);
        if (p.kind === 'user') for (const g of asArray(props.Groups)) {
          const gid = named(this.byGroupName, g);
          if (gid) p.groups.push(gid);
        }
        continue;
      }
      switch (r.Type) {
        case 'AWS::IAM::Policy':
        case 'AWS::IAM::ManagedPolicy': {
          const label = `${r.Type === 'AWS::IAM::Policy' ? 'AWS::IAM::Policy' : 'managed policy'} ${labelOf(id, r)}`;
          const statements = this.statements(props.PolicyDocument, label);
          for (const x of asArray(props.Roles)) attach(named(this.byRoleName, x), statements, label);
          for (const x of asArray(props.Users)) attach(named(this.byUserName, x), statements, label);
          for (const x of asArray(props.Groups)) attach(named(this.byGroupName, x), statements, label);
          break;
        }
        case 'AWS::IAM::RolePolicy':
        case 'AWS::IAM::UserPolicy':
        case 'AWS::IAM::GroupPolicy': {
          const label = `${r.Type} ${labelOf(id, r)}`;
          const statements = this.statements(props.PolicyDocument, label);
          const target = r.Type === 'AWS::IAM::RolePolicy' ? named(this.byRoleName, props.RoleName)
            : r.Type === 'AWS::IAM::UserPolicy' ? named(this.byUserName, props.UserName) : named(this.byGroupName, props.GroupName);
          attach(target, statements, label);
          break;
        }
        case 'AWS::IAM::UserToGroupAddition': {
          const gid = named(this.byGroupName, props.GroupName);
          for (const u of asArray(props.Users)) {
            const uid = named(this.byUserName, u);
            if (gid && uid) mutable.get(uid)!.groups.push(gid);
          }
          break;
        }
        default:
          break;
      }
    }

    // Principals as the model hands them out: a user holds its groups' statements too.
    for (const p of mutable.values()) {
      const identity = [...p.own];
      const unknownPolicies = [...p.unknownPolicies];
      if (p.kind === 'user') {
        for (const g of new Set(p.groups)) {
          const group = mutable.get(g);
          if (!group) continue;
          identity.push(...group.own.map((s) => ({ ...s, source: `group ${group.label}: ${s.source}` })));
          unknownPolicies.push(...group.unknownPolicies.map((u) => `${u} (through group ${group.label})`));
        }
      }
      this.principalsByKey.set(p.key, {
        key: p.key, kind: p.kind, logicalId: p.logicalId, type: p.type, arn: p.arn, label: p.label, identity,
        ownSources: p.ownSources, boundary: p.boundary, groups: [...new Set(p.groups)], unknownPolicies, trust: p.trust, tags: p.tags,
      });
    }
    this.principalsByKey.set(ANYONE, { key: ANYONE, kind: 'anyone', label: 'anyone (Principal *)', identity: [], ownSources: [], groups: [], unknownPolicies: [], trust: [], tags: {} });

    this.collectResourcePolicies();
    for (const pol of this.policies) {
      for (const s of pol.statements) {
        for (const ref of s.principals ?? []) {
          if (ref.kind !== 'arn' || this.principalOfArn(ref.arn)) continue;
          if (!this.principalsByKey.has(ref.arn)) {
            this.principalsByKey.set(ref.arn, { key: ref.arn, kind: 'external', arn: ref.arn, label: display(ref.arn), identity: [], ownSources: [], groups: [], unknownPolicies: [], trust: [], tags: {} });
          }
        }
      }
    }
    this.collectWorkloads();
  }

  private tagsOf(tags: unknown): Record<string, string> {
    const out: Record<string, string> = {};
    for (const t of asArray<any>(tags as any)) if (t && t.Key !== undefined) out[this.text(t.Key)] = this.text(t.Value);
    return out;
  }

  /** A policy document's statements; a document that is not one (or a JSON string that does not parse) has none. */
  statements(document: unknown, source: string, awsManaged?: string): Statement[] {
    const doc = parseJsonDocument(document);
    return asArray<any>(doc?.Statement).filter((s) => s && typeof s === 'object').map((s, i, all) => this.statement(s, all.length > 1 ? `${source} (statement ${s.Sid ? `${s.Sid}` : i + 1})` : source, awsManaged));
  }

  private statement(s: any, source: string, awsManaged?: string): Statement {
    const notActions = s.NotAction !== undefined;
    const notResources = s.NotResource !== undefined;
    const principalValue = s.Principal ?? s.NotPrincipal;
    return {
      effect: s.Effect === 'Deny' ? 'Deny' : 'Allow',
      actions: this.values.list(notActions ? s.NotAction : s.Action),
      notActions,
      resources: s.Resource === undefined && s.NotResource === undefined ? [] : this.values.list(notResources ? s.NotResource : s.Resource),
      notResources,
      condition: parseCondition(s.Condition, this.text),
      source,
      awsManaged,
      principals: principalValue !== undefined ? this.principalRefs(principalValue) : undefined,
      notPrincipals: s.NotPrincipal !== undefined,
    };
  }

  private principalRefs(v: unknown): PrincipalRef[] {
    if (v === '*') return [{ kind: 'anyone' }];
    if (!v || typeof v !== 'object' || isIntrinsic(v)) return [this.principalRef(this.text(v))];
    const out: PrincipalRef[] = [];
    for (const [kind, list] of Object.entries(v as Record<string, unknown>)) {
      for (const x of this.values.list(list)) {
        if (kind === 'AWS') out.push(this.principalRef(x));
        else if (kind === 'Service') out.push({ kind: 'service', service: x });
        else out.push({ kind: 'other', text: `${kind}:${x}` });
      }
    }
    return out;
  }

  private principalRef(x: string): PrincipalRef {
    if (x === '*') return { kind: 'anyone' };
    if (/^\d{12}$/.test(x) || x === this.account) return { kind: 'account', account: x };
    const root = /^arn:[^:]+:iam::(.+):root$/.exec(x);
    if (root) return { kind: 'account', account: root[1] };
    if (x.startsWith('arn:')) return { kind: 'arn', arn: x };
    if (x.endsWith('.amazonaws.com')) return { kind: 'service', service: x };
    return { kind: 'other', text: x };
  }

  private trustOf(doc: unknown): string[] {
    const out: string[] = [];
    for (const s of this.statements(doc, 'trust policy')) {
      if (s.effect !== 'Allow') continue;
      for (const ref of s.principals ?? []) {
        out.push(ref.kind === 'anyone' ? '*' : ref.kind === 'account' ? `account:${ref.account}` : ref.kind === 'arn' ? `arn:${ref.arn}` : ref.kind === 'service' ? `service:${ref.service}` : `other:${ref.text}`);
      }
    }
    return [...new Set(out)];
  }

  private collectResourcePolicies(): void {
    const res = this.template.Resources ?? {};
    const arnOf = (v: unknown) => this.text(v);
    const byRef = (type: string, v: unknown): string | undefined => {
      const t = this.text(v);
      for (const [id, r] of Object.entries(res)) if (r.Type === type && (this.text({ Ref: id }) === t || this.values.arnOf(id) === t)) return id;
      return undefined;
    };
    const add = (id: string, type: string, protects: string[], doc: unknown, label: string, required = false) => {
      this.policies.push({ logicalId: id, type, protects, statements: this.statements(doc, label), required });
    };
    for (const [id, r] of Object.entries(res)) {
      const props = r.Properties ?? {};
      const label = (what: string) => `${what} ${labelOf(id, r)}`;
      switch (r.Type) {
        case 'AWS::S3::BucketPolicy': {
          const bucket = byRef('AWS::S3::Bucket', props.Bucket);
          const arn = bucket ? this.values.arnOf(bucket)! : `arn:${this.text({ Ref: 'AWS::Partition' })}:s3:::${this.text(props.Bucket)}`;
          add(id, r.Type, [arn, `${arn}/*`], props.PolicyDocument, label('bucket policy'));
          break;
        }
        case 'AWS::SNS::TopicPolicy':
          add(id, r.Type, asArray(props.Topics).map(arnOf), props.PolicyDocument, label('topic policy'));
          break;
        case 'AWS::SNS::TopicInlinePolicy':
          add(id, r.Type, [arnOf(props.TopicArn)], props.PolicyDocument, label('topic policy'));
          break;
        case 'AWS::SQS::QueuePolicy':
        case 'AWS::SQS::QueueInlinePolicy': {
          const queues = r.Type === 'AWS::SQS::QueuePolicy' ? asArray(props.Queues) : [props.Queue];
          const arns = queues.map((q) => {
            const qid = byRef('AWS::SQS::Queue', q);
            return qid ? this.values.arnOf(qid)! : this.text(q);
          });
          add(id, r.Type, arns, props.PolicyDocument, label('queue policy'));
          break;
        }
        case 'AWS::KMS::Key':
          if (props.KeyPolicy !== undefined) add(id, r.Type, [this.values.arnOf(id) ?? this.text({ Ref: id })], props.KeyPolicy, label('key policy'), true);
          break;
        case 'AWS::SecretsManager::ResourcePolicy':
          add(id, r.Type, [arnOf(props.SecretId)], props.ResourcePolicy, label('secret policy'));
          break;
        case 'AWS::Logs::ResourcePolicy':
          add(id, r.Type, ['*'], props.PolicyDocument, label('logs resource policy'));
          break;
        case 'AWS::ECR::Repository':
          if (props.RepositoryPolicyText !== undefined) add(id, r.Type, [this.values.arnOf(id)!], props.RepositoryPolicyText, label('repository policy'));
          break;
        case 'AWS::DynamoDB::Table':
          if (props.ResourcePolicy?.PolicyDocument !== undefined) add(id, r.Type, [this.values.arnOf(id)!], props.ResourcePolicy.PolicyDocument, label('table policy'));
          break;
        case 'AWS::IAM::Role':
          add(id, r.Type, [this.values.arnOf(id)!], props.AssumeRolePolicyDocument, label('trust policy of'), true);
          break;
        case 'AWS::Events::EventBusPolicy': {
          const doc = props.Statement !== undefined ? { Statement: [props.Statement] } : { Statement: [{ Effect: 'Allow', Action: props.Action, Principal: props.Principal === '*' ? '*' : { AWS: props.Principal }, Condition: props.Condition }] };
          const bus = props.EventBusName !== undefined ? this.text(props.EventBusName) : 'default';
          add(id, r.Type, [`arn:${this.text({ Ref: 'AWS::Partition' })}:events:${this.region}:${this.account}:event-bus/${bus}`], doc, label('event bus policy'));
          break;
        }
        case 'AWS::Lambda::Permission': {
          const fn = byRef('AWS::Lambda::Function', props.FunctionName);
          const arn = fn ? this.values.arnOf(fn)! : this.text(props.FunctionName);
          const condition: Record<string, Record<string, unknown>> = {};
          if (props.SourceArn !== undefined) condition.ArnLike = { 'aws:SourceArn': props.SourceArn };
          if (props.SourceAccount !== undefined) (condition.StringEquals ??= {})['aws:SourceAccount'] = props.SourceAccount;
          if (props.PrincipalOrgID !== undefined) (condition.StringEquals ??= {})['aws:PrincipalOrgID'] = props.PrincipalOrgID;
          if (props.FunctionUrlAuthType !== undefined) (condition.StringEquals ??= {})['lambda:FunctionUrlAuthType'] = props.FunctionUrlAuthType;
          const principal = this.text(props.Principal);
          const doc = {
            Statement: [{
              Effect: 'Allow', Action: props.Action, Resource: [fn ? { 'Fn::GetAtt': [fn, 'Arn'] } : props.FunctionName],
              Principal: principal === '*' ? '*' : principal.endsWith('.amazonaws.com') ? { Service: props.Principal } : { AWS: props.Principal },
              ...(Object.keys(condition).length ? { Condition: condition } : {}),
            }],
          };
          add(id, r.Type, [arn, `${arn}:*`], doc, label('Lambda permission'));
          break;
        }
        default:
          break;
      }
    }
  }

  private collectWorkloads(): void {
    const res = this.template.Resources ?? {};
    const profiles = new Map<string, string[]>();
    for (const [id, r] of Object.entries(res)) {
      if (r.Type !== 'AWS::IAM::InstanceProfile') continue;
      const roles = asArray(r.Properties?.Roles).map((x) => this.roleOf(x)).filter((x): x is string => !!x);
      profiles.set(id, roles);
    }
    const profileOf = (v: unknown): string[] => {
      const t = this.text(v);
      for (const [id] of profiles) if (this.text({ Ref: id }) === t || this.values.arnOf(id) === t) return profiles.get(id)!;
      return [];
    };
    const direct = new Map<string, Array<{ principal: string; via: string }>>();
    for (const [id, r] of Object.entries(res)) {
      if (r.Type.startsWith('AWS::IAM::') || r.Type === 'AWS::Lambda::Permission') continue;
      const found: Array<{ principal: string; via: string }> = [];
      const walk = (v: unknown, path: string, roleKey: boolean, profileKey: boolean): void => {
        if (v === null || v === undefined) return;
        if (typeof v === 'string' || isIntrinsic(v)) {
          if (roleKey) {
            const role = this.roleOf(v) ?? this.automationRole(v, r);
            if (role) found.push({ principal: role, via: path });
            else {
              // A role ARN the template does not define: the workload runs as something the model cannot see.
              const t = this.text(v);
              if (/^arn:[^:]+:iam::[^:]*:role\//.test(t)) found.push({ principal: t, via: path });
            }
          }
          if (profileKey) for (const role of profileOf(v)) found.push({ principal: role, via: path });
          if (!isIntrinsic(v)) return;
        }
        if (Array.isArray(v)) v.forEach((x, i) => walk(x, `${path}[${i}]`, roleKey, profileKey));
        else if (typeof v === 'object' && !isIntrinsic(v)) {
          for (const [k, x] of Object.entries(v as Record<string, unknown>)) {
            walk(x, path ? `${path}.${k}` : k, roleKey || /role/i.test(k), profileKey || /instanceprofile/i.test(k));
          }
        }
      };
      let props: unknown = r.Properties ?? {};
      if (r.Type === 'AWS::SSM::Document' && typeof (props as any).Content === 'string') {
        const content = parseJsonDocument((props as any).Content);
        if (content) props = { ...(props as any), Content: content };
      }
      walk(props, '', false, false);
      if (found.length) direct.set(id, found);
    }
    // Auto Scaling groups run as their launch template's (or configuration's) instance profile.
    for (const [id, r] of Object.entries(res)) {
      if (r.Type !== 'AWS::AutoScaling::AutoScalingGroup') continue;
      const props = r.Properties ?? {};
      const refs = [props.LaunchTemplate?.LaunchTemplateId, props.LaunchTemplate?.LaunchTemplateName, props.LaunchConfigurationName,
        ...asArray<any>(props.MixedInstancesPolicy?.LaunchTemplate?.LaunchTemplateSpecification ? [props.MixedInstancesPolicy.LaunchTemplate.LaunchTemplateSpecification.LaunchTemplateId] : [])];
      const found: Array<{ principal: string; via: string }> = [];
      for (const ref of refs) {
        if (ref === undefined) continue;
        const t = this.text(ref);
        for (const [other, roles] of direct) if (this.text({ Ref: other }) === t) found.push(...roles.map((x) => ({ principal: x.principal, via: `LaunchTemplate (${labelOf(other, res[other])}).${x.via}` })));
      }
      if (found.length) direct.set(id, [...(direct.get(id) ?? []), ...found]);
    }
    for (const [id, runsAs] of direct) this.workloadList.push({ logicalId: id, type: res[id].Type, label: labelOf(id, res[id]), runsAs });
  }

  /** The template role a value names (Ref, GetAtt Arn, a literal ARN or name). */
  private roleOf(v: unknown): string | undefined {
    const t = this.text(v);
    const id = this.byArn.get(t) ?? this.byRoleName.get(t);
    return id && this.principalsByKey.get(id)?.kind === 'role' ? id : undefined;
  }

  /** An SSM Automation `assumeRole: '{{ Param }}'`: the parameter's default. */
  private automationRole(v: unknown, r: any): string | undefined {
    if (typeof v !== 'string') return undefined;
    const m = /^\s*\{\{\s*([^}\s]+)\s*\}\}\s*$/.exec(v);
    if (!m) return undefined;
    const content = parseJsonDocument(r.Properties?.Content);
    const def = content?.parameters?.[m[1]]?.default;
    return def !== undefined ? this.roleOf(def) : undefined;
  }

  // -------------------------------------------------------------------------------------------
  // Queries

  principals(): Principal[] {
    return [...this.principalsByKey.values()];
  }

  principal(key: string): Principal | undefined {
    return this.principalsByKey.get(key);
  }

  /** The template principal (or external principal) a normalized ARN names. */
  principalOfArn(arn: string): Principal | undefined {
    const id = this.byArn.get(arn);
    if (id) return this.principalsByKey.get(id);
    const session = /^arn:[^:]+:sts::[^:]+:assumed-role\/([^/]+)\//.exec(arn);
    if (session) {
      const role = this.byRoleName.get(session[1]);
      if (role) return this.principalsByKey.get(role);
    }
    return undefined;
  }

  workloads(): Workload[] {
    return this.workloadList;
  }

  resourcePolicies(): readonly ResourcePolicy[] {
    return this.policies;
  }

  /**
   * What the template tells about any request by `p`: the lab's region and account, the
   * principal's ARN, account, type and tags (all of them: a tag it lacks is absent). Grants are
   * judged against this: everything else a request may carry is left open.
   */
  principalContext(p: Principal): Map<string, readonly string[] | null> {
    const ctx = new Map<string, readonly string[] | null>([
      ['aws:requestedregion', [this.region]],
      ['aws:resourceaccount', [this.account]],
      ['aws:principalisawsservice', ['false']],
      ['aws:principalservicename', null],
      ['aws:principaltag/*', null],
    ]);
    if (p.kind === 'anyone') {
      for (const k of ['aws:principalarn', 'aws:principalaccount', 'aws:userid', 'aws:username', 'aws:principalorgid']) ctx.set(k, null);
      ctx.set('aws:principaltype', ['Anonymous']);
      return ctx;
    }
    if (p.kind === 'external') return ctx;
    ctx.set('aws:principalarn', p.arn ? [p.arn] : null);
    ctx.set('aws:principalaccount', [this.account]);
    ctx.set('aws:principaltype', [p.kind === 'user' ? 'User' : 'AssumedRole']);
    for (const [k, v] of Object.entries(p.tags)) ctx.set(`aws:principaltag/${k.toLowerCase()}`, [v]);
    return ctx;
  }

  /**
   * A request the workload itself makes, for needs: over TLS, not through another service, with
   * no source ARN or VPC endpoint and no request tags, beyond what principalContext tells.
   */
  requestContext(p: Principal): Map<string, readonly string[] | null> {
    const ctx = this.principalContext(p);
    for (const [k, v] of [
      ['aws:securetransport', ['true']], ['aws:viaawsservice', ['false']],
      ['aws:calledvia', null], ['aws:calledviafirst', null], ['aws:calledvialast', null],
      ['aws:sourcearn', null], ['aws:sourceaccount', null], ['aws:sourceorgid', null], ['aws:sourceorgpaths', null],
      ['aws:sourcevpc', null], ['aws:sourcevpce', null], ['aws:requesttag/*', null], ['aws:tagkeys', null],
    ] as Array<[string, readonly string[] | null]>) if (!ctx.has(k)) ctx.set(k, v);
    if (p.kind === 'role') ctx.set('aws:multifactorauthpresent', null);
    return ctx;
  }

  /** Tags of the template resource a normalized ARN (or pattern) names, as condition keys; undefined when it names none. */
  resourceTags(resource: string): Map<string, readonly string[]> | undefined {
    for (const [id, r] of Object.entries(this.template.Resources ?? {})) {
      const arn = this.values.arnOf(id);
      if (!arn || !(resource === arn || resource.startsWith(`${arn}/`) || resource.startsWith(`${arn}:`))) continue;
      const out = new Map<string, readonly string[]>();
      for (const [k, v] of Object.entries(this.tagsOf(r.Properties?.Tags))) {
        out.set(`aws:resourcetag/${k.toLowerCase()}`, [v]);
      }
      return out;
    }
    return undefined;
  }

  /**
   * Resource-policy statements that concern `p`: `direct` when they grant it (by its ARN, `named`,
   * or anyone), `account` when they name its account (which delegates to IAM).
   */
  resourceStatementsFor(p: Principal): Array<{ statement: Statement; policy: ResourcePolicy; direct: boolean; named: boolean; account: boolean }> {
    const out: Array<{ statement: Statement; policy: ResourcePolicy; direct: boolean; named: boolean; account: boolean }> = [];
    for (const policy of this.policies) {
      for (const s of policy.statements) {
        const refs = s.principals ?? [];
        const names = (ref: PrincipalRef) =>
          ref.kind === 'anyone' || (ref.kind === 'arn' && (ref.arn === p.key || (p.arn !== undefined && (ref.arn === p.arn || this.principalOfArn(ref.arn)?.key === p.key))));
        const account = p.kind !== 'anyone' && p.kind !== 'external' && refs.some((ref) => ref.kind === 'account' && (ref.account === this.account || ref.account === p.arn?.split(':')[4]));
        const named = refs.some((ref) => ref.kind !== 'anyone' && names(ref));
        let direct = refs.some(names);
        if (s.notPrincipals) direct = !direct && !account;
        if (!direct && !account) continue;
        // A resource policy grants on its own resources only: `*` in a key policy is that key.
        const resources = s.notResources ? s.resources : (s.resources.length ? s.resources : ['*'])
          .flatMap((r) => policy.protects.map((x) => meet(r, x))).filter((x): x is string => !!x);
        if (!s.notResources && resources.length === 0) continue;
        out.push({ statement: { ...s, resources: [...new Set(resources)] }, policy, direct, named: named && !s.notPrincipals, account: account && !s.notPrincipals });
      }
    }
    return out;
  }

  private boundaryOf(p: Principal, opts: QueryOptions): Principal['boundary'] | undefined {
    const b = p.boundary;
    if (!b) return undefined;
    if ('statements' in b && b.policyLogicalId && opts.ignoreBoundaries?.has(b.policyLogicalId)) return undefined;
    return b;
  }

  /**
   * Can `p` do `action` on every resource `resource` stands for (a normalized ARN or pattern), in
   * `context` (the principal's own keys and the resource's tags are added)? Same-account rules:
   * an explicit deny wins; identity policies within the boundary, or a resource policy naming the
   * principal (a role's still within its boundary; a KMS key only through its key policy).
   */
  canDo(p: Principal, action: string, resource: string, context: RequestContext = new Map(), opts: QueryOptions = {}): Decision {
    const a = normalAction(action);
    const ctx = this.requestContext(p);
    const tags = this.resourceTags(resource);
    if (tags) {
      for (const k of [...ctx.keys()]) if (k.includes(':resourcetag/')) ctx.delete(k);
      for (const [k, v] of tags) ctx.set(k, v);
    }
    for (const [k, v] of context) ctx.set(canonicalKey(k), v);
    // The resource's tags are all known: the template resource's, or those the caller's context
    // states for a resource outside the template; a tag they lack is absent.
    ctx.set('aws:resourcetag/*', null);
    const evaluate = (s: Statement): { result: Tri; reason?: string } => evaluateCondition(s.condition, ctx);
    let reason: string | undefined;
    const note = (r: { result: Tri; reason?: string }, s: Statement) => {
      if (r.result === 'unknown') reason ??= `${r.reason ?? 'a condition cannot be judged'} (${s.source})`;
      return r.result;
    };
    const appliesAllow = (s: Statement) => actionMatches(s, a) && resourceCoveredBy(s, resource);
    const appliesDeny = (s: Statement) => actionMatches(s, a) && resourceTouchedBy(s, resource);

    let deny = false as Tri;
    let denySource: string | undefined;
    const consider = (s: Statement) => {
      if (s.effect !== 'Deny' || !appliesDeny(s)) return;
      const r = note(evaluate(s), s);
      if (r === true) denySource ??= s.source;
      deny = or(deny, r);
    };
    let identity: Tri = false;
    for (const s of p.identity) {
      consider(s);
      if (s.effect === 'Allow' && appliesAllow(s)) identity = or(identity, note(evaluate(s), s));
    }
    if (identity !== true && p.unknownPolicies.length) {
      identity = or(identity, 'unknown');
      reason ??= `${p.label} has the managed policy ${p.unknownPolicies[0]}, which neither the template nor the AWS managed policy catalogue defines`;
    }
    let boundary: Tri = true;
    const b = this.boundaryOf(p, opts);
    if (b && 'unknown' in b) {
      boundary = 'unknown';
      reason ??= `the permissions boundary ${b.unknown} of ${p.label} is not in the template`;
    } else if (b) {
      boundary = false;
      for (const s of b.statements) {
        consider(s);
        if (s.effect === 'Allow' && appliesAllow(s)) boundary = or(boundary, note(evaluate(s), s));
      }
    }
    let resourceDirect: Tri = false;
    let resourceAccount: Tri = false;
    const keyPolicy = this.policies.some((x) => x.required && x.protects.some((y) => covers(y, resource)));
    for (const { statement: s, policy, direct, account } of this.resourceStatementsFor(p)) {
      if (!policy.protects.some((x) => x === '*' || covers(x, resource) || overlaps(x, resource))) continue;
      if (s.effect === 'Deny' && direct) consider(s);
      if (s.effect !== 'Allow' || !appliesAllow(s)) continue;
      const r = note(evaluate(s), s);
      if (direct) resourceDirect = or(resourceDirect, r);
      if (account) resourceAccount = or(resourceAccount, r);
    }
    const throughIdentity = and(identity, boundary);
    const allowed = keyPolicy
      ? or(resourceDirect, and(resourceAccount, throughIdentity))
      : or(throughIdentity, p.kind === 'user' || p.kind === 'anyone' || p.kind === 'external' ? resourceDirect : and(resourceDirect, boundary));
    if (deny === true) return { result: false, reason: `denied by ${denySource}` };
    if (deny === 'unknown') return allowed === false ? { result: false } : { result: 'unknown', reason };
    if (allowed === false) {
      const why = identity === true && boundary === false ? `the permissions boundary ${b && 'source' in b ? b.source : ''} does not allow it` : keyPolicy && identity === true ? `${this.policies.find((x) => x.required && x.protects.some((y) => covers(y, resource)))?.statements[0]?.source ?? 'the key policy'} does not allow it` : undefined;
      return { result: false, reason: why };
    }
    return { result: allowed, reason: allowed === 'unknown' ? reason : undefined };
  }

  /**
   * Everything `p` may do, as (action, resource) grants: identity statements and resource-policy
   * statements that name it (or anyone), within its boundary, minus explicit denies that always
   * apply to it, plus what it gets by assuming roles of the template.
   */
  grantsOf(p: Principal, opts: QueryOptions = {}, seen: ReadonlySet<string> = new Set()): Grant[] {
    const base = this.principalContext(p);
    const applies = (s: Statement) => evaluateCondition(s.condition.filter((t) => contextKnows(base, t.key)), base).result !== false;
    const allows: Array<{ s: Statement; capped: boolean }> = [];
    const denies: Statement[] = [];
    for (const s of p.identity) {
      if (s.effect === 'Allow') allows.push({ s, capped: true });
      else denies.push(s);
    }
    for (const { statement: s, direct } of this.resourceStatementsFor(p)) {
      if (!direct) continue;
      if (s.effect === 'Allow') allows.push({ s, capped: p.kind === 'role' });
      else denies.push(s);
    }
    const b = this.boundaryOf(p, opts);
    const boundary = b && 'statements' in b ? b.statements : undefined;
    if (boundary) denies.push(...boundary.filter((s) => s.effect === 'Deny'));
    let grants: Grant[] = [];
    for (const { s, capped } of allows) {
      if (!applies(s)) continue;
      let gs = grantsOfStatement(s);
      if (capped && boundary) gs = gs.flatMap((g) => capByBoundary(g, boundary.filter((x) => x.effect === 'Allow')));
      grants.push(...gs);
    }
    for (const d of denies) {
      if (d.condition.length && evaluateCondition(d.condition, base).result !== true) continue;
      grants = grants.flatMap((g) => subtract(g, d));
    }
    if (opts.assume !== false && p.kind !== 'anyone') {
      for (const q of this.principals()) {
        if (q.kind !== 'role' || q.key === p.key || seen.has(q.key) || !q.arn) continue;
        if (this.canDo(p, 'sts:AssumeRole', q.arn, new Map(), opts).result === false) continue;
        const inner = this.grantsOf(q, opts, new Set([...seen, p.key, q.key]));
        grants.push(...inner.map((g) => ({ ...g, source: `by assuming ${q.label}: ${g.source}` })));
      }
    }
    return dedupe(grants);
  }
}

// ---------------------------------------------------------------------------------------------
// Grants: statements split into (action, resource) pairs, narrowed by boundaries and denies

function grantsOfStatement(s: Statement): Grant[] {
  const actions = s.notActions ? [{ action: '*', except: s.actions }] : s.actions.map((action) => ({ action, except: [] as string[] }));
  const resources = s.notResources ? [{ resource: '*', except: s.resources }] : (s.resources.length ? s.resources : ['*']).map((resource) => ({ resource, except: [] as string[] }));
  const out: Grant[] = [];
  for (const a of actions) {
    for (const r of resources) {
      out.push({
        action: a.action, actionExcept: a.except, resource: r.resource, resourceExcept: r.except, condition: s.condition,
        source: s.source, awsManaged: s.awsManaged, negated: s.notActions, writtenAction: s.notActions ? `NotAction ${s.actions.join(', ')}` : a.action,
      });
    }
  }
  return out;
}

function capByBoundary(g: Grant, allows: readonly Statement[]): Grant[] {
  const out: Grant[] = [];
  for (const b of allows) {
    const actions = b.notActions
      ? [{ action: g.action, except: [...g.actionExcept, ...b.actions] }]
      : b.actions.map((x) => meet(g.action, x, true)).filter((x): x is string => !!x).map((action) => ({ action, except: g.actionExcept }));
    const resources = b.notResources
      ? [{ resource: g.resource, except: [...g.resourceExcept, ...b.resources] }]
      : (b.resources.length ? b.resources : ['*']).map((x) => meet(g.resource, x)).filter((x): x is string => !!x).map((resource) => ({ resource, except: g.resourceExcept }));
    for (const a of actions) for (const r of resources) {
      out.push({ ...g, action: a.action, actionExcept: a.except, resource: r.resource, resourceExcept: r.except, condition: [...g.condition, ...b.condition] });
    }
  }
  return out;
}

/** `g` minus an explicit deny that always applies. */
function subtract(g: Grant, d: Statement): Grant[] {
  const dResources = d.resources.length ? d.resources : ['*'];
  const resourceCovered = d.notResources ? !d.resources.some((r) => overlaps(r, g.resource)) : dResources.some((r) => covers(r, g.resource));
  const actionCovered = d.notActions ? false : d.actions.some((x) => covers(x, g.action, true));
  if (!resourceCovered) {
    if (!d.notResources && actionCovered) {
      const inner = dResources.filter((r) => covers(g.resource, r) && r !== g.resource);
      if (inner.length) return [{ ...g, resourceExcept: [...g.resourceExcept, ...inner] }];
    }
    return [g];
  }
  if (!d.notActions) {
    if (actionCovered) return [];
    const touching = d.actions.filter((x) => overlaps(x, g.action, true));
    return touching.length ? [{ ...g, actionExcept: [...g.actionExcept, ...touching] }] : [g];
  }
  // A NotAction deny leaves only the actions it names.
  return d.actions.map((x) => meet(g.action, x, true)).filter((x): x is string => !!x).map((action) => ({ ...g, action }));
}

function dedupe(grants: Grant[]): Grant[] {
  const seen = new Set<string>();
  return grants.filter((g) => {
    const k = JSON.stringify([g.action, g.actionExcept, g.resource, g.resourceExcept, g.condition, g.source]);
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}

export function actionMatches(s: Statement, action: string): boolean {
  const hit = s.actions.some((x) => covers(x, action, true));
  return s.notActions ? !hit : hit;
}

/** Every resource `resource` stands for falls under the statement. */
function resourceCoveredBy(s: Statement, resource: string): boolean {
  if (s.notResources) return !s.resources.some((x) => overlaps(x, resource));
  return (s.resources.length ? s.resources : ['*']).some((x) => covers(x, resource));
}

/** Some resource `resource` stands for falls under the statement. */
function resourceTouchedBy(s: Statement, resource: string): boolean {
  if (s.notResources) return !s.resources.some((x) => covers(x, resource));
  return (s.resources.length ? s.resources : ['*']).some((x) => overlaps(x, resource));
}

/** Does the grant allow this concrete action (pattern)? */
export function grantHasAction(g: Grant, action: string): boolean {
  const a = normalAction(action);
  return covers(g.action, a, true) && !g.actionExcept.some((x) => covers(x, a, true));
}

export function grantHasResource(g: Grant, resource: string): boolean {
  return covers(g.resource, resource) && !g.resourceExcept.some((x) => covers(x, resource));
}

/** One envelope entry: action patterns, resource patterns, and optionally a condition every grant must imply. */
export interface EnvelopeEntry {
  readonly actions: readonly string[];
  readonly resources: readonly string[];
  readonly condition?: Condition;
}

export type Coverage = { readonly covered: true } | { readonly covered: false; readonly why?: string } | { readonly covered: 'unknown'; readonly why: string };

const PROBE_ACTION = 'awswoprobe:awswoprobe';

/** Does every value of `pattern` minus `except` match one of `within` (case-insensitive for actions)? */
function setWithin(pattern: string, except: readonly string[], within: readonly string[], ci: boolean): boolean {
  if (within.some((w) => covers(w, pattern, ci))) return true;
  if (except.length === 0) return false;
  // Not contained as a whole, but NotAction or a deny may have removed exactly what sticks out:
  // tried on witnesses of what is left (the pattern filled with something new, or with nothing).
  return [witness(pattern), witness(pattern, '')].every((c) => except.some((x) => covers(x, c, ci)) || within.some((w) => covers(w, c, ci)));
}

/** Is the grant within one envelope entry: its actions, its resources, and (when the entry has one) its condition? */
export function coveredBy(g: Grant, envelope: readonly EnvelopeEntry[], base: RequestContext): Coverage {
  let unknown: string | undefined;
  let why: string | undefined;
  for (const e of envelope) {
    if (!setWithin(g.action, g.actionExcept, e.actions.map(normalAction), true)) continue;
    if (!setWithin(g.resource, g.resourceExcept, e.resources, false)) continue;
    if (!e.condition || e.condition.length === 0) return { covered: true };
    if (sameCondition(g.condition, e.condition)) return { covered: true };
    const r = implies(g.condition, e.condition, base);
    if (r.result === true) return { covered: true };
    if (r.result === 'unknown') unknown ??= r.reason ?? 'its condition cannot be compared';
    else why ??= `it also applies when ${r.witness}`;
  }
  if (unknown) return { covered: 'unknown', why: unknown };
  return { covered: false, why };
}

function sameCondition(a: Condition, b: Condition): boolean {
  const key = (c: Condition) => JSON.stringify([...c].map((t) => [t.operator, t.key, [...t.values].sort()]).sort());
  return key(a) === key(b);
}

/** Grants of every action of any service on every resource, or of an escalation action on any role/user/policy. */
export function isAdminGrant(g: Grant, accountArnPrefix: string): boolean {
  const anyResource = grantHasResource(g, '*') || grantHasResource(g, 'arn:*:*:*:*:*');
  if (anyResource && grantHasAction(g, PROBE_ACTION)) return true;
  const iamTargets = ['role', 'user', 'policy', 'group'].map((t) => `${accountArnPrefix}${t}/awswoprobe`);
  return ESCALATION_ACTIONS.some((a) => grantHasAction(g, a)) && (anyResource || iamTargets.some((t) => grantHasResource(g, t)));
}

/** The grant was written with a `*` or `service:*` action, or as NotAction. */
export function isWildcardGrant(g: Grant): boolean {
  return g.negated || isWildcardAction(g.writtenAction);
}

/**
 * Does an AWS managed policy ARN (as AWS spells it) grant admin-equivalent access? Judged on its
 * document from the catalogue: AdministratorAccess, PowerUserAccess, IAMFullAccess and the like.
 */
export function isAdminManagedPolicyArn(arn: string): boolean {
  const policy = awsManagedPolicyOfArn(arn);
  if (!policy || policy === 'missing') return false;
  const partition = arn.split(':')[1] || 'aws';
  const grants = new BranchModel({ Resources: {} }).statements(policy.document, policy.name, policy.name).filter((s) => s.effect === 'Allow').flatMap(grantsOfStatement);
  return grants.some((g) => isAdminGrant(g, `arn:${partition}:iam::123456789012:`));
}

export function describeGrant(g: Grant): string {
  const except = (xs: readonly string[]) => (xs.length ? ` except ${xs.map(display).join(', ')}` : '');
  const cond = g.condition.length ? ` when ${g.condition.map((t) => `${t.operator} ${t.key} ${t.values.map(display).join('|')}`).join(' and ')}` : '';
  return `${g.negated ? g.writtenAction : display(g.action) + except(g.actionExcept)} on ${display(g.resource)}${except(g.resourceExcept)}${cond} (${g.source})`;
}

function labelOf(id: string, r: { Metadata?: Record<string, any> } | undefined): string {
  const path = r ? constructPath(r as any) : '';
  if (!path) return id;
  return path.replace(/\/Resource$/, '');
}

// ---------------------------------------------------------------------------------------------
// The model of a whole template: one BranchModel per Fn::If branch

export interface IamModelOptions extends ModelEnvironment {
  /** Normalize values with this template's resources (the student's), so a baseline's grants compare with the student's. */
  readonly valuesFrom?: TemplateJson;
}

export class IamModel {
  readonly branches: ReadonlyArray<{ readonly label: string; readonly model: BranchModel }>;

  constructor(readonly template: TemplateJson, opts: IamModelOptions = {}) {
    const list: Branch[] = branches(template);
    this.branches = list.map((b) => ({ label: b.label, model: new BranchModel(b.template, opts, opts.valuesFrom) }));
  }

  /** The first branch's model (the only one for a template without conditions). */
  get main(): BranchModel {
    return this.branches[0].model;
  }

  /** A need must hold in every branch: the first branch where it does not decides. */
  canDo(key: string, action: string, resource: string, context?: RequestContext, opts?: QueryOptions): Decision & { branch?: string } {
    let worst: (Decision & { branch?: string }) | undefined;
    for (const b of this.branches) {
      const p = b.model.principal(key);
      const d: Decision = p ? b.model.canDo(p, action, resource, context, opts) : { result: false, reason: `${key} is not in the template${b.label ? ` when ${b.label}` : ''}` };
      if (d.result === false) return { ...d, branch: b.label || undefined };
      if (d.result === 'unknown') worst ??= { ...d, branch: b.label || undefined };
    }
    return worst ?? { result: true };
  }

  /** A grant in any branch counts. */
  grantsOf(key: string, opts?: QueryOptions): Grant[] {
    const out: Grant[] = [];
    for (const b of this.branches) {
      const p = b.model.principal(key);
      if (!p) continue;
      out.push(...b.model.grantsOf(p, opts).map((g) => (b.label ? { ...g, source: `${g.source}, when ${b.label}` } : g)));
    }
    return dedupe(out);
  }

  /** Principals of any branch, by key. */
  principals(): Principal[] {
    const seen = new Map<string, Principal>();
    for (const b of this.branches) for (const p of b.model.principals()) if (!seen.has(p.key)) seen.set(p.key, p);
    return [...seen.values()];
  }

  principal(key: string): Principal | undefined {
    for (const b of this.branches) {
      const p = b.model.principal(key);
      if (p) return p;
    }
    return undefined;
  }

  /** Principal keys a workload runs as, in any branch. */
  runsAs(workloadId: string): Array<{ principal: string; via: string }> {
    const out = new Map<string, { principal: string; via: string }>();
    for (const b of this.branches) for (const w of b.model.workloads()) if (w.logicalId === workloadId) for (const r of w.runsAs) out.set(r.principal, r);
    return [...out.values()];
  }

  /** Workloads that run as `principal`, in any branch. */
  workloadsOf(principal: string): Workload[] {
    const out = new Map<string, Workload>();
    for (const b of this.branches) for (const w of b.model.workloads()) if (w.runsAs.some((r) => r.principal === principal)) out.set(w.logicalId, w);
    return [...out.values()];
  }

  /** The base request context of a principal for comparing conditions: the lab's region and account, its ARN and tags. */
  baseContext(key: string): RequestContext {
    const p = this.principal(key);
    return p ? this.main.principalContext(p) : new Map();
  }

  /** The ARN prefix of the lab account's IAM entities: `arn:aws:iam::<account>:`. */
  get iamArnPrefix(): string {
    return `arn:${this.main.values.text({ Ref: 'AWS::Partition' })}:iam::${this.main.values.text({ Ref: 'AWS::AccountId' })}:`;
  }
}

const cache = new WeakMap<TemplateJson, Map<string, IamModel>>();

/** The model of a template, cached per template object and options. */
export function iamModel(template: TemplateJson, opts: IamModelOptions = {}): IamModel {
  let byOpts = cache.get(template);
  if (!byOpts) cache.set(template, (byOpts = new Map()));
  const key = JSON.stringify([opts.account, opts.region, opts.valuesFrom ? objectId(opts.valuesFrom) : 0]);
  let m = byOpts.get(key);
  if (!m) byOpts.set(key, (m = new IamModel(template, opts)));
  return m;
}

const ids = new WeakMap<object, number>();
let nextId = 1;
function objectId(o: object): number {
  let id = ids.get(o);
  if (!id) ids.set(o, (id = nextId++));
  return id;
}
