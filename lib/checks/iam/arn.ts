// CloudFormation values as normalized text, so that every spelling of one ARN compares equal:
// `Fn::GetAtt Bucket.Arn` + '/*', `Fn::Join` of `Ref AWS::Partition` and `Ref Bucket`, `Fn::Sub`
// with or without a variable map, and a literal ARN all become `arn:aws:s3:::${Bucket}/*`.
// What cannot be known before deploy stays a token (`${Bucket}` for the bucket's generated name,
// `${AWS::Region}` for an unpinned region): tokens compare equal only to themselves (pattern.ts).
import type { TemplateJson } from '../../model/template';
import { token, TOKEN_END, TOKEN_START, symbols } from './pattern';
import { typeSpec } from '../../template/service-spec';

/** The stack's environment, where the lab pins it. */
export interface ValueEnvironment {
  readonly account?: string;
  readonly region?: string;
}

/** A value the model cannot resolve per branch: Fn::If / AWS::NoValue must be expanded first (branches.ts). */
export class UnexpandedConditionError extends Error {}

interface ResourceSpec {
  readonly arnTemplate?: string;
  /** What `Ref` returns, by property or attribute name (`BucketName`, `TopicArn`). */
  readonly refIdentifier: readonly string[];
}

/** ARN template and Ref identifier of a resource type, from the CDK's own AWS service spec. */
export function resourceSpec(type: string): ResourceSpec | undefined {
  const spec = typeSpec(type);
  return spec ? { arnTemplate: spec.arnTemplate, refIdentifier: spec.refIdentifier } : undefined;
}

/**
 * GetAtt Arn values that differ from the spec's ARN template. A log group's `Arn` attribute ends in
 * `:*` (its log streams), unlike the ARN of the group itself.
 */
const ARN_ATTRIBUTE_SUFFIX: Readonly<Record<string, string>> = { 'AWS::Logs::LogGroup': ':*' };
/** Types whose Ref returns their ARN although the spec names the identifier `Id`. */
const REF_RETURNS_ARN = new Set(['AWS::SecretsManager::Secret']);

export function partitionOf(region: string | undefined): string {
  if (!region) return 'aws';
  if (region.startsWith('cn-')) return 'aws-cn';
  if (region.startsWith('us-gov-')) return 'aws-us-gov';
  if (region.startsWith('us-iso-')) return 'aws-iso';
  if (region.startsWith('us-isob-')) return 'aws-iso-b';
  return 'aws';
}

const INTRINSICS = ['Ref', 'Fn::GetAtt', 'Fn::Join', 'Fn::Sub', 'Fn::Select', 'Fn::Split', 'Fn::If', 'Fn::ImportValue', 'Fn::FindInMap', 'Fn::GetAZs', 'Fn::Base64', 'Fn::Cidr', 'Fn::Length', 'Fn::ToJsonString'];

export function isIntrinsic(value: unknown): value is Record<string, unknown> {
  if (!value || typeof value !== 'object' || Array.isArray(value)) return false;
  const keys = Object.keys(value);
  return keys.length === 1 && (INTRINSICS.includes(keys[0]) || keys[0].startsWith('Fn::'));
}

/** Normalized text of a template's values: see the file comment. */
export class TemplateValues {
  private readonly resources: Record<string, any>;
  private readonly pseudo: Record<string, string>;

  constructor(private readonly template: TemplateJson, env: ValueEnvironment = {}) {
    this.resources = template.Resources ?? {};
    // `unknown-account` / `unknown-region` where the lab leaves them unpinned; a placeholder such as
    // `<account>` where the grader replaced its own identity.
    const account = env.account && !env.account.startsWith('unknown') ? env.account : undefined;
    const region = env.region && (/^[a-z]{2}(-[a-z]+)+-\d+$/.test(env.region) || /^<.*>$/.test(env.region)) ? env.region : undefined;
    // Labs deploy to the commercial partition unless they pin a region of another one.
    const partition = partitionOf(region);
    this.pseudo = {
      'AWS::Partition': partition,
      'AWS::URLSuffix': partition === 'aws-cn' ? 'amazonaws.com.cn' : 'amazonaws.com',
      ...(account ? { 'AWS::AccountId': account } : {}),
      ...(region ? { 'AWS::Region': region } : {}),
    };
  }

  /** The value as one normalized string. */
  text(value: unknown): string {
    if (typeof value === 'string') return value;
    if (typeof value === 'number' || typeof value === 'boolean') return String(value);
    if (value === null || value === undefined) return '';
    if (!isIntrinsic(value)) return token(`?${JSON.stringify(value)}`);
    const [fn, arg] = Object.entries(value)[0] as [string, any];
    switch (fn) {
      case 'Ref':
        return this.ref(String(arg));
      case 'Fn::GetAtt': {
        const [id, att] = Array.isArray(arg) ? [String(arg[0]), this.text(arg[1])] : splitOnce(String(arg));
        return this.getAtt(id, att);
      }
      case 'Fn::Join': {
        const [sep, parts] = arg as [string, unknown];
        return this.list(parts).join(sep);
      }
      case 'Fn::Sub':
        return Array.isArray(arg) ? this.sub(String(arg[0]), arg[1] ?? {}) : this.sub(String(arg), {});
      case 'Fn::Select': {
        const items = this.list(arg[1]);
        const i = Number(this.text(arg[0]));
        return Number.isInteger(i) && i >= 0 && i < items.length ? items[i] : token(`?${JSON.stringify(value)}`);
      }
      case 'Fn::FindInMap': {
        const [map, top, second] = (arg as unknown[]).map((x) => this.text(x));
        const found = (this.template.Mappings as any)?.[map]?.[top]?.[second];
        return found === undefined ? token(`?${JSON.stringify(value)}`) : this.text(found);
      }
      case 'Fn::ImportValue':
        return token(`Import:${this.text(arg)}`);
      case 'Fn::If':
        throw new UnexpandedConditionError(`Fn::If on ${JSON.stringify(arg?.[0])} must be resolved per branch first`);
      default:
        return token(`?${JSON.stringify(value)}`);
    }
  }

  /** A value that is a list (a policy's Action or Resource, Fn::Split, a list parameter), item by item. */
  list(value: unknown): string[] {
    if (value === undefined || value === null) return [];
    if (Array.isArray(value)) return value.map((v) => this.text(v));
    if (isIntrinsic(value) && 'Fn::Split' in value) {
      const [sep, source] = value['Fn::Split'] as [string, unknown];
      return splitOutsideTokens(this.text(source), sep);
    }
    if (isIntrinsic(value) && 'Fn::GetAZs' in value) return [token(`?${JSON.stringify(value)}`)];
    return [this.text(value)];
  }

  private ref(name: string): string {
    if (name === 'AWS::NoValue') throw new UnexpandedConditionError('AWS::NoValue must be resolved per branch first');
    if (name.startsWith('AWS::')) return this.pseudo[name] ?? token(name);
    const r = this.resources[name];
    if (!r) return token(name); // a parameter, or a resource this template does not have
    const spec = resourceSpec(r.Type);
    if (this.refReturnsArn(r.Type, spec)) return this.arnOf(name) ?? token(name);
    return this.refName(name);
  }

  private refReturnsArn(type: string, spec: ResourceSpec | undefined): boolean {
    return REF_RETURNS_ARN.has(type) || !!spec?.refIdentifier.some((i) => /Arn$/.test(i));
  }

  /** What Ref returns for a resource whose Ref is a name or id: its literal name when the template sets it, else a token. */
  private refName(id: string): string {
    const r = this.resources[id];
    const spec = resourceSpec(r.Type);
    const prop = spec?.refIdentifier.length === 1 ? spec.refIdentifier[0] : undefined;
    const set = prop !== undefined ? r.Properties?.[prop] : undefined;
    return set !== undefined && set !== null ? this.text(set) : token(id);
  }

  private getAtt(id: string, att: string): string {
    const r = this.resources[id];
    if (!r) return token(`${id}.${att}`);
    const spec = resourceSpec(r.Type);
    const typeName = r.Type.split('::')[2] ?? '';
    const isArn = att === 'Arn' || (/Arn$/.test(att) && (spec?.refIdentifier.includes(att) || att === `${typeName}Arn`));
    if (isArn) {
      const arn = this.arnOf(id);
      if (arn !== undefined) return `${arn}${att === 'Arn' ? ARN_ATTRIBUTE_SUFFIX[r.Type] ?? '' : ''}`;
    }
    if (spec?.refIdentifier.includes(att) && !this.refReturnsArn(r.Type, spec)) return this.refName(id);
    const set = r.Properties?.[att];
    if (set !== undefined && set !== null) return this.text(set);
    return token(`${id}.${att}`);
  }

  /** The ARN of a template resource, from its type's ARN template; undefined when the spec has none. */
  arnOf(id: string): string | undefined {
    const r = this.resources[id];
    if (!r) return undefined;
    const spec = resourceSpec(r.Type);
    if (!spec?.arnTemplate) return undefined;
    const typeName = r.Type.split('::')[2] ?? '';
    return spec.arnTemplate.replace(/\$\{([^}]+)\}/g, (_m, v: string) => {
      if (v === 'Partition') return this.ref('AWS::Partition');
      if (v === 'Region') return this.ref('AWS::Region');
      if (v === 'Account') return this.ref('AWS::AccountId');
      return this.arnVariable(id, r, spec, typeName, v);
    });
  }

  private arnVariable(id: string, r: any, spec: ResourceSpec, typeName: string, variable: string): string {
    let base = variable;
    const strip = base.endsWith('WithoutLeadingSlash');
    if (strip) base = base.slice(0, -'WithoutLeadingSlash'.length);
    const withPath = base.endsWith('WithPath');
    if (withPath) base = base.slice(0, -'WithPath'.length);
    const isRefId = spec.refIdentifier.some((i) => i === base || `${typeName}${i}` === base);
    let value: string;
    if (isRefId && !this.refReturnsArn(r.Type, spec)) value = this.refName(id);
    else if (r.Properties?.[base] !== undefined) value = this.text(r.Properties[base]);
    else value = token(`${id}.${base}`);
    if (strip && value.startsWith('/')) value = value.slice(1);
    if (withPath) {
      const path = r.Properties?.Path !== undefined ? this.text(r.Properties.Path) : '/';
      value = `${path.replace(/^\//, '')}${value}`;
    }
    return value;
  }

  /** Fn::Sub: `${AWS::Region}`, `${Bucket}`, `${Bucket.Arn}`, `${Var}` from the map, `${!Literal}`. */
  sub(text: string, vars: Record<string, unknown>): string {
    return text.replace(/\$\{([^}]*)\}/g, (_m, name: string) => {
      if (name.startsWith('!')) return `\${${name.slice(1)}}`;
      const n = name.trim();
      if (n in vars) return this.text(vars[n]);
      if (n.startsWith('AWS::')) return this.ref(n);
      const dot = n.indexOf('.');
      if (dot > 0) return this.getAtt(n.slice(0, dot), n.slice(dot + 1));
      return this.ref(n);
    });
  }
}

function splitOnce(s: string): [string, string] {
  const i = s.indexOf('.');
  return i < 0 ? [s, ''] : [s.slice(0, i), s.slice(i + 1)];
}

function splitOutsideTokens(text: string, sep: string): string[] {
  if (!text.includes(TOKEN_START)) return text.split(sep);
  const out: string[] = [];
  let cur = '';
  const syms = symbols(text);
  for (let i = 0; i < syms.length; i++) {
    if (sep.length > 0 && syms.slice(i, i + sep.length).join('') === sep) {
      out.push(cur);
      cur = '';
      i += sep.length - 1;
    } else cur += syms[i];
  }
  out.push(cur);
  return out;
}

/** A normalized value as a reader sees it: tokens as `${Name}`. */
export function display(text: string): string {
  return text.split(TOKEN_START).join('${').split(TOKEN_END).join('}');
}

/** Parses a Fn::Sub-style string of a drill (`arn:${AWS::Partition}:ec2:...`) with the template's values. */
export function subText(values: TemplateValues, text: string): string {
  return values.sub(text, {});
}
