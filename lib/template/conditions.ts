// CloudFormation conditions, evaluated over every deployment a lab could have: every region CDK
// knows (with its partition) plus an unknown one, the lab's account or any other, parameters at
// their defaults. A template becomes the few distinct templates CloudFormation would really
// deploy, so a fix that exists only behind a condition that is false somewhere does not count.
import * as fs from 'fs';
import { readCache, writeCache } from '../cache';
import type { TemplateJson, TemplateResource } from '../model/template';

/** A template's conditions cannot be evaluated, or give too many different deployments to grade. */
export class ConditionsError extends Error {}

/** One template as CloudFormation would deploy it, and which deployments deploy it. */
export interface DeploymentVariant {
  /** Which deployments this is: `every deployment`, `in us-east-1`, `in every region except cn-north-1`, ... */
  readonly label: string;
  /** Conditions applied: false resources and outputs removed, Fn::If resolved, AWS::NoValue dropped, no Conditions section. */
  readonly template: TemplateJson;
  /** The known regions this variant is deployed in (all of them when there are no conditions). */
  readonly regions: readonly string[];
  /** True when a region CDK does not know yet deploys this variant too. */
  readonly unknownRegion: boolean;
}

export interface VariantOptions {
  /** The account the stack is pinned to, as a 12-digit literal; anything else (or none) means any account. */
  readonly account?: string;
  /** The region the stack is pinned to; `unknown-region` (or none) means any region. */
  readonly region?: string;
  /** More distinct variants than this is refused (16 by default). */
  readonly maxVariants?: number;
}

const DEFAULT_MAX_VARIANTS = 16;
/** Deployments (region × account × parameter values) the evaluator is willing to enumerate. */
const MAX_WORLDS = 20_000;

export interface KnownRegion {
  readonly name: string;
  readonly partition: string;
  readonly urlSuffix: string;
}

let knownRegions: KnownRegion[] | undefined;
/** Every region aws-cdk-lib's region-info knows, with its partition and URL suffix. */
export function allRegions(): readonly KnownRegion[] {
  if (knownRegions) return knownRegions;
  // aws-cdk-lib's region facts are large tables (~1.4 MB of code): the list is kept per version on disk.
  const version = JSON.parse(fs.readFileSync(require.resolve('aws-cdk-lib/package.json'), 'utf8')).version;
  const name = `regions-${version}.json`;
  const cached = readCache<KnownRegion[]>(name);
  if (cached) return (knownRegions = cached);
  knownRegions = regionsFromCdk();
  writeCache(name, knownRegions);
  return knownRegions;
}

/** The regions aws-cdk-lib knows, as the grader reads them (exported for the test of the extract). */
export function regionsFromCdk(): KnownRegion[] {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { RegionInfo } = require('aws-cdk-lib/region-info') as typeof import('aws-cdk-lib/region-info');
  return RegionInfo.regions
    .map((r) => ({ name: r.name, partition: r.partition ?? 'aws', urlSuffix: r.domainSuffix ?? 'amazonaws.com' }))
    .sort((a, b) => a.name.localeCompare(b.name));
}

/** A value the grader does not know: an unknown region, another account, a parameter without default. */
class Unknown {
  constructor(readonly what: string) {}
}
type Value = string | Unknown | Value[];

/** The deployment fails in this world (a FindInMap key that is missing, a Select out of range). */
class DeployFails extends Error {}

interface World {
  /** Undefined: a region CDK does not know. */
  readonly region?: KnownRegion;
  readonly account: string | Unknown;
  readonly params: Readonly<Record<string, Value>>;
}

const UNKNOWN_REGION = new Unknown('an unknown region');
const OTHER_ACCOUNT = new Unknown('another account');
const PSEUDO_UNKNOWN = ['AWS::StackName', 'AWS::StackId', 'AWS::NotificationARNs'];

function isObject(v: unknown): v is Record<string, any> {
  return !!v && typeof v === 'object' && !Array.isArray(v);
}

/** The intrinsic a one-key object is (`Fn::If`, `Ref`, `Condition`...), or undefined. */
function intrinsic(v: unknown): string | undefined {
  if (!isObject(v)) return undefined;
  const keys = Object.keys(v);
  return keys.length === 1 && (keys[0] === 'Ref' || keys[0] === 'Condition' || keys[0].startsWith('Fn::')) ? keys[0] : undefined;
}

class Evaluator {
  private readonly conditions: Record<string, unknown>;
  private readonly memo = new Map<string, boolean>();
  private readonly evaluating = new Set<string>();

  constructor(private readonly template: TemplateJson, private readonly world: World) {
    this.conditions = (template.Conditions ?? {}) as Record<string, unknown>;
  }

  condition(name: string): boolean {
    const known = this.memo.get(name);
    if (known !== undefined) return known;
    if (!(name in this.conditions)) throw new ConditionsError(`the condition ${name} is used but not declared in Conditions`);
    if (this.evaluating.has(name)) throw new ConditionsError(`the condition ${name} refers to itself`);
    this.evaluating.add(name);
    const result = this.test(this.conditions[name], name);
    this.evaluating.delete(name);
    this.memo.set(name, result);
    return result;
  }

  private test(c: unknown, where: string): boolean {
    const fn = intrinsic(c);
    const arg = fn ? (c as Record<string, any>)[fn] : undefined;
    switch (fn) {
      case 'Condition':
        if (typeof arg !== 'string') throw new ConditionsError(`${where}: Condition must name a condition`);
        return this.condition(arg);
      case 'Fn::Equals': {
        if (!Array.isArray(arg) || arg.length !== 2) throw new ConditionsError(`${where}: Fn::Equals takes two values`);
        return equal(this.value(arg[0], where), this.value(arg[1], where));
      }
      case 'Fn::Not':
        if (!Array.isArray(arg) || arg.length !== 1) throw new ConditionsError(`${where}: Fn::Not takes one condition`);
        return !this.test(arg[0], where);
      case 'Fn::And':
      case 'Fn::Or': {
        if (!Array.isArray(arg) || arg.length < 2) throw new ConditionsError(`${where}: ${fn} takes at least two conditions`);
        const results = arg.map((x) => this.test(x, where));
        return fn === 'Fn::And' ? results.every(Boolean) : results.some(Boolean);
      }
      default:
        throw new ConditionsError(`${where}: ${JSON.stringify(c).slice(0, 80)} is not a condition the grader can evaluate (Fn::Equals, Fn::And, Fn::Or, Fn::Not, Condition)`);
    }
  }

  value(v: unknown, where: string): Value {
    if (typeof v === 'string') return v;
    if (typeof v === 'number' || typeof v === 'boolean') return String(v);
    if (Array.isArray(v)) return v.map((x) => this.value(x, where));
    const fn = intrinsic(v);
    const arg = fn ? (v as Record<string, any>)[fn] : undefined;
    switch (fn) {
      case 'Ref':
        return this.ref(String(arg), where);
      case 'Fn::FindInMap': {
        if (!Array.isArray(arg) || arg.length < 3) throw new ConditionsError(`${where}: Fn::FindInMap takes a map, a key and a second key`);
        const [mapName, top, second] = arg.slice(0, 3).map((x) => this.value(x, where));
        const fallback = isObject(arg[3]) && 'DefaultValue' in arg[3] ? arg[3].DefaultValue : undefined;
        if (typeof mapName !== 'string') throw new ConditionsError(`${where}: Fn::FindInMap needs a literal map name`);
        const map = ((this.template.Mappings ?? {}) as Record<string, any>)[mapName];
        if (!isObject(map)) throw new ConditionsError(`${where}: Fn::FindInMap reads the mapping ${mapName}, which the template does not declare`);
        if (top instanceof Unknown || second instanceof Unknown) {
          if (fallback !== undefined) return new Unknown(`a value of ${mapName}`);
          // No key matches an unknown value, so CloudFormation fails the deployment there.
          throw new DeployFails(`${mapName} has no entry for ${top instanceof Unknown ? top.what : String(top)}`);
        }
        const found = typeof top === 'string' && typeof second === 'string' ? map[top]?.[second] : undefined;
        if (found === undefined) {
          if (fallback !== undefined) return this.value(fallback, where);
          throw new DeployFails(`${mapName} has no entry ${String(top)}/${String(second)}`);
        }
        return this.value(found, where);
      }
      case 'Fn::Select': {
        if (!Array.isArray(arg) || arg.length !== 2) throw new ConditionsError(`${where}: Fn::Select takes an index and a list`);
        const index = this.value(arg[0], where);
        const list = this.value(arg[1], where);
        if (index instanceof Unknown || list instanceof Unknown) return new Unknown('a selected value');
        const i = Number(index);
        if (!Array.isArray(list) || !Number.isInteger(i)) throw new ConditionsError(`${where}: Fn::Select needs a numeric index and a list`);
        if (i < 0 || i >= list.length) {
          if (list.some((x) => x instanceof Unknown)) return new Unknown('a selected value');
          throw new DeployFails(`Fn::Select index ${i} is out of range`);
        }
        return list[i];
      }
      case 'Fn::Split': {
        if (!Array.isArray(arg) || arg.length !== 2) throw new ConditionsError(`${where}: Fn::Split takes a delimiter and a string`);
        const [delimiter, source] = [this.value(arg[0], where), this.value(arg[1], where)];
        if (typeof delimiter !== 'string') throw new ConditionsError(`${where}: Fn::Split needs a literal delimiter`);
        if (source instanceof Unknown) return [new Unknown(`a part of ${source.what}`)];
        if (typeof source !== 'string') throw new ConditionsError(`${where}: Fn::Split needs a string`);
        return source.split(delimiter);
      }
      case 'Fn::Join': {
        if (!Array.isArray(arg) || arg.length !== 2) throw new ConditionsError(`${where}: Fn::Join takes a delimiter and a list`);
        const [delimiter, parts] = [this.value(arg[0], where), this.value(arg[1], where)];
        if (typeof delimiter !== 'string' || !Array.isArray(parts)) return new Unknown('a joined value');
        if (parts.some((p) => typeof p !== 'string')) return new Unknown('a joined value');
        return (parts as string[]).join(delimiter);
      }
      case 'Fn::Sub': {
        const [text, vars] = Array.isArray(arg) ? [arg[0], arg[1] ?? {}] : [arg, {}];
        if (typeof text !== 'string') throw new ConditionsError(`${where}: Fn::Sub needs a string`);
        let unknown = false;
        const out = text.replace(/\$\{([^}!][^}]*)\}/g, (_m, name: string) => {
          const x = name in vars ? this.value(vars[name], where) : name.includes('.') ? new Unknown(name) : this.ref(name, where);
          if (typeof x !== 'string') unknown = true;
          return typeof x === 'string' ? x : '';
        });
        return unknown ? new Unknown('a substituted value') : out.replace(/\$\{!/g, '${');
      }
      case 'Fn::GetAZs':
        return new Unknown('the availability zones');
      default:
        throw new ConditionsError(`${where}: ${fn ?? JSON.stringify(v).slice(0, 60)} cannot be used in a condition (Ref, Fn::FindInMap, Fn::Select, Fn::Split, Fn::Join, Fn::Sub)`);
    }
  }

  private ref(name: string, where: string): Value {
    const region = this.world.region;
    switch (name) {
      case 'AWS::Region': return region ? region.name : UNKNOWN_REGION;
      case 'AWS::Partition': return region ? region.partition : new Unknown('the partition of an unknown region');
      case 'AWS::URLSuffix': return region ? region.urlSuffix : new Unknown('the URL suffix of an unknown region');
      case 'AWS::AccountId': return this.world.account;
      case 'AWS::NoValue': throw new ConditionsError(`${where}: AWS::NoValue cannot be compared`);
      default:
        if (PSEUDO_UNKNOWN.includes(name)) return new Unknown(name);
        if (name in this.world.params) return this.world.params[name];
        throw new ConditionsError(`${where}: Ref ${name} is neither a parameter nor a pseudo parameter (a condition cannot read a resource)`);
    }
  }
}

function equal(a: Value, b: Value): boolean {
  if (a instanceof Unknown || b instanceof Unknown) return a === b;
  if (Array.isArray(a) || Array.isArray(b)) {
    return Array.isArray(a) && Array.isArray(b) && a.length === b.length && a.every((x, i) => equal(x, b[i]));
  }
  return a === b;
}

/** Names of every condition used by Condition attributes and Fn::If in resources and outputs. */
function usedConditions(template: TemplateJson): string[] {
  const used = new Set<string>();
  const walk = (v: unknown) => {
    if (Array.isArray(v)) return v.forEach(walk);
    if (!isObject(v)) return;
    if (intrinsic(v) === 'Fn::If' && Array.isArray(v['Fn::If']) && typeof v['Fn::If'][0] === 'string') used.add(v['Fn::If'][0]);
    Object.values(v).forEach(walk);
  };
  for (const section of ['Resources', 'Outputs'] as const) {
    for (const entry of Object.values((template[section] ?? {}) as Record<string, any>)) {
      if (isObject(entry) && typeof entry.Condition === 'string') used.add(entry.Condition);
      walk(entry);
    }
  }
  walk(template.Metadata);
  return [...used].sort();
}

/** Whether the template has anything conditional at all: a Conditions section, a Condition attribute or an Fn::If. */
function hasConditions(template: TemplateJson): boolean {
  if (template.Conditions && Object.keys(template.Conditions as object).length > 0) return true;
  return usedConditions(template).length > 0;
}

/** Every string literal a value compares with (not the names in Ref and Condition): the candidates an unknown input may equal. */
function literalsIn(v: unknown, out = new Set<string>()): Set<string> {
  if (typeof v === 'string') out.add(v);
  else if (typeof v === 'number') out.add(String(v));
  else if (Array.isArray(v)) v.forEach((x) => literalsIn(x, out));
  else if (isObject(v)) {
    for (const [k, x] of Object.entries(v)) if (k !== 'Ref' && k !== 'Condition') literalsIn(x, out);
  }
  return out;
}

function refsIn(v: unknown, out = new Set<string>()): Set<string> {
  if (Array.isArray(v)) v.forEach((x) => refsIn(x, out));
  else if (isObject(v)) {
    if (typeof v.Ref === 'string') out.add(v.Ref);
    if (typeof v['Fn::Sub'] === 'string' || Array.isArray(v['Fn::Sub'])) {
      const text = Array.isArray(v['Fn::Sub']) ? v['Fn::Sub'][0] : v['Fn::Sub'];
      for (const m of String(text).matchAll(/\$\{([^}!.][^}.]*)\}/g)) out.add(m[1]);
    }
    Object.values(v).forEach((x) => refsIn(x, out));
  }
  return out;
}

interface Dimension {
  readonly name: string;
  readonly values: ReadonlyArray<{ readonly value: unknown; readonly shown: string }>;
}

/** The inputs the conditions read, each with the values a deployment may give it. */
function dimensions(template: TemplateJson, opts: VariantOptions): Dimension[] {
  const conditions = template.Conditions ?? {};
  const refs = refsIn(conditions);
  // FindInMap keys and Fn::Sub read inputs too; refsIn sees both.
  const literals = literalsIn(conditions);
  const dims: Dimension[] = [];
  if (['AWS::Region', 'AWS::Partition', 'AWS::URLSuffix'].some((r) => refs.has(r))) {
    const pinned = opts.region && opts.region !== 'unknown-region' ? opts.region : undefined;
    if (pinned) {
      const region = allRegions().find((r) => r.name === pinned) ?? { name: pinned, partition: 'aws', urlSuffix: 'amazonaws.com' };
      dims.push({ name: 'region', values: [{ value: region, shown: region.name }] });
    } else {
      dims.push({ name: 'region', values: [...allRegions().map((r) => ({ value: r, shown: r.name })), { value: undefined, shown: UNKNOWN_REGION.what }] });
    }
  }
  if (refs.has('AWS::AccountId')) {
    const pinned = opts.account && /^\d{12}$/.test(opts.account) ? opts.account : undefined;
    const accounts = pinned ? [pinned] : [...literals].filter((l) => /^\d{12}$/.test(l)).sort();
    dims.push({
      name: 'account',
      values: [...accounts.map((a) => ({ value: a, shown: `account ${a}` })), ...(pinned ? [] : [{ value: OTHER_ACCOUNT, shown: 'any other account' }])],
    });
  }
  const params = (template.Parameters ?? {}) as Record<string, any>;
  for (const name of Object.keys(params).sort()) {
    if (!refs.has(name)) continue;
    const p = params[name] ?? {};
    const type = String(p.Type ?? 'String');
    const list = type.startsWith('List<') || type === 'CommaDelimitedList';
    const parse = (x: unknown): Value => (list ? String(x).split(',').map((s) => s.trim()) : String(x));
    // An SSM parameter type's default is the parameter's name; its value is read at deploy time.
    if (p.Default !== undefined && !type.startsWith('AWS::SSM::Parameter::Value')) {
      dims.push({ name: `parameter ${name}`, values: [{ value: parse(p.Default), shown: String(p.Default) }] });
    } else if (Array.isArray(p.AllowedValues) && p.AllowedValues.length > 0) {
      dims.push({ name: `parameter ${name}`, values: p.AllowedValues.map((v: unknown) => ({ value: parse(v), shown: String(v) })) });
    } else {
      const other = new Unknown(`any other value of ${name}`);
      dims.push({ name: `parameter ${name}`, values: [...[...literals].sort().map((l) => ({ value: parse(l), shown: l })), { value: other, shown: other.what }] });
    }
  }
  return dims;
}

function worldOf(dims: readonly Dimension[], pick: readonly number[], template: TemplateJson): World {
  let region: KnownRegion | undefined;
  let account: string | Unknown = OTHER_ACCOUNT;
  const params: Record<string, Value> = {};
  for (const name of Object.keys((template.Parameters ?? {}) as object)) params[name] = new Unknown(`the parameter ${name}`);
  dims.forEach((d, i) => {
    const v = d.values[pick[i]].value;
    if (d.name === 'region') region = v as KnownRegion | undefined;
    else if (d.name === 'account') account = v as string | Unknown;
    else params[d.name.replace(/^parameter /, '')] = v as Value;
  });
  return { region, account, params };
}

function* picks(dims: readonly Dimension[]): Generator<number[]> {
  const pick = dims.map(() => 0);
  while (true) {
    yield [...pick];
    let i = dims.length - 1;
    while (i >= 0 && ++pick[i] === dims[i].values.length) pick[i--] = 0;
    if (i < 0) return;
  }
}

const NO_VALUE = Symbol('AWS::NoValue');

/** Resolves Fn::If with the world's condition values and removes AWS::NoValue. */
function resolveIfs(v: unknown, truth: (name: string) => boolean): unknown {
  if (Array.isArray(v)) return v.map((x) => resolveIfs(x, truth)).filter((x) => x !== NO_VALUE);
  if (!isObject(v)) return v;
  const fn = intrinsic(v);
  if (fn === 'Ref' && v.Ref === 'AWS::NoValue') return NO_VALUE;
  if (fn === 'Fn::If') {
    const arg = v['Fn::If'];
    if (!Array.isArray(arg) || arg.length !== 3 || typeof arg[0] !== 'string') throw new ConditionsError(`Fn::If takes a condition name and two values: ${JSON.stringify(v).slice(0, 80)}`);
    return resolveIfs(truth(arg[0]) ? arg[1] : arg[2], truth);
  }
  const out: Record<string, unknown> = {};
  for (const [k, x] of Object.entries(v)) {
    const r = resolveIfs(x, truth);
    if (r !== NO_VALUE) out[k] = r;
  }
  return out;
}

/** The template CloudFormation deploys when the used conditions have these values. */
function applyConditions(template: TemplateJson, truth: (name: string) => boolean): TemplateJson {
  const out: TemplateJson = {};
  for (const [key, section] of Object.entries(template)) {
    if (key === 'Conditions') continue;
    if (key === 'Resources' || key === 'Outputs') {
      const kept: Record<string, any> = {};
      for (const [id, entry] of Object.entries((section ?? {}) as Record<string, any>)) {
        if (isObject(entry) && typeof entry.Condition === 'string' && !truth(entry.Condition)) continue;
        const resolved = resolveIfs(entry, truth) as Record<string, any>;
        if (isObject(resolved)) delete resolved.Condition;
        kept[id] = resolved;
      }
      out[key] = kept;
    } else if (key === 'Metadata') {
      out[key] = resolveIfs(section, truth);
    } else {
      out[key] = section;
    }
  }
  return out;
}

/** A reference to a resource the variant does not have: CloudFormation refuses to deploy it. */
function danglingReference(template: TemplateJson): string | undefined {
  const resources = (template.Resources ?? {}) as Record<string, TemplateResource>;
  const known = new Set([...Object.keys(resources), ...Object.keys((template.Parameters ?? {}) as object)]);
  const check = (name: string) => name.startsWith('AWS::') || known.has(name);
  const walk = (v: unknown): string | undefined => {
    if (Array.isArray(v)) {
      for (const x of v) { const d = walk(x); if (d) return d; }
      return undefined;
    }
    if (!isObject(v)) return undefined;
    if (typeof v.Ref === 'string' && !check(v.Ref)) return v.Ref;
    const att = v['Fn::GetAtt'];
    if (att !== undefined) {
      const target = Array.isArray(att) ? String(att[0]) : String(att).split('.')[0];
      if (!known.has(target)) return target;
    }
    const sub = v['Fn::Sub'];
    if (sub !== undefined) {
      const [text, vars] = Array.isArray(sub) ? [String(sub[0]), (sub[1] ?? {}) as object] : [String(sub), {}];
      for (const m of text.matchAll(/\$\{([^}!][^}]*)\}/g)) {
        const name = m[1].split('.')[0];
        if (!(name in vars) && !check(name)) return name;
      }
    }
    for (const x of Object.values(v)) { const d = walk(x); if (d) return d; }
    return undefined;
  };
  for (const [id, r] of Object.entries(resources)) {
    for (const dep of Array.isArray(r.DependsOn) ? r.DependsOn : r.DependsOn === undefined ? [] : [r.DependsOn]) {
      if (!known.has(String(dep))) return `${id} depends on ${String(dep)}`;
    }
    const d = walk(r.Properties) ?? walk(r.UpdatePolicy);
    if (d) return `${id} refers to ${d}`;
  }
  for (const [id, o] of Object.entries((template.Outputs ?? {}) as Record<string, unknown>)) {
    const d = walk(o);
    if (d) return `the output ${id} refers to ${d}`;
  }
  return undefined;
}

function listed(names: readonly string[], max = 6): string {
  return names.length <= max ? names.join(', ') : `${names.slice(0, max).join(', ')} and ${names.length - max} more`;
}

/** Says which deployments a group of worlds is, dimension by dimension. */
function labelOf(dims: readonly Dimension[], group: readonly number[][]): string {
  if (dims.length === 0) return 'every deployment';
  const chosen = dims.map((_d, i) => [...new Set(group.map((p) => p[i]))].sort((a, b) => a - b));
  const product = chosen.reduce((n, c) => n * c.length, 1);
  const describe = (d: Dimension, picked: readonly number[]): string | undefined => {
    if (picked.length === d.values.length) return d.values.length > 1 && d.name === 'region' ? 'every region' : undefined;
    const yes = picked.map((i) => d.values[i].shown);
    const no = d.values.map((v) => v.shown).filter((s) => !yes.includes(s));
    if (d.name === 'region') return yes.length <= no.length ? `in ${listed(yes)}` : `in every region except ${listed(no)}`;
    if (d.name === 'account') return `in ${listed(yes)}`;
    const anyOther = picked.some((i) => d.values[i].value instanceof Unknown);
    return anyOther || yes.length > no.length ? `with ${d.name} ≠ ${no.join(', ')}` : `with ${d.name} = ${yes.join(' or ')}`;
  };
  if (product === group.length) {
    const parts = dims.map((d, i) => describe(d, chosen[i])).filter((p): p is string => !!p);
    return parts.length ? parts.join(', ') : 'every deployment';
  }
  // Not a product of per-input choices: name a few deployments.
  const shown = group.slice(0, 3).map((p) => dims.map((d, i) => d.values[p[i]].shown).join(' / '));
  return `${group.length} deployments (${shown.join('; ')}${group.length > 3 ? '; ...' : ''})`;
}

/**
 * The distinct templates CloudFormation would deploy from `template`, over every region (and an
 * unknown one), the lab's account or any other, and parameters at their defaults (any value
 * without one). A template without conditions is its only variant, returned as is. Throws a
 * ConditionsError when the conditions cannot be evaluated, the template deploys nowhere, or there
 * are more than `maxVariants` variants.
 */
export function deploymentVariants(template: TemplateJson, opts: VariantOptions = {}): DeploymentVariant[] {
  const pinnedRegion = opts.region && opts.region !== 'unknown-region' ? opts.region : undefined;
  const everyRegion = pinnedRegion ? [pinnedRegion] : allRegions().map((r) => r.name);
  const anyRegion = !pinnedRegion;
  if (!hasConditions(template)) return [{ label: 'every deployment', template, regions: everyRegion, unknownRegion: anyRegion }];
  if (template.Transform !== undefined) throw new ConditionsError(`the template declares Transform ${JSON.stringify(template.Transform)}: the grader cannot tell what CloudFormation would deploy`);

  const used = usedConditions(template);
  const declared = Object.keys((template.Conditions ?? {}) as object);
  const dims = dimensions(template, opts);
  const worlds = dims.reduce((n, d) => n * d.values.length, 1);
  if (worlds > MAX_WORLDS) throw new ConditionsError(`the conditions depend on ${dims.map((d) => d.name).join(', ')}: ${worlds} deployments to evaluate, more than the grader's ${MAX_WORLDS}`);

  const groups = new Map<string, { truth: Map<string, boolean>; picks: number[][] }>();
  let failure: string | undefined;
  for (const pick of picks(dims)) {
    const evaluator = new Evaluator(template, worldOf(dims, pick, template));
    const truth = new Map<string, boolean>();
    try {
      // CloudFormation evaluates every declared condition; one that cannot be evaluated fails the deploy.
      for (const name of declared) evaluator.condition(name);
      for (const name of used) truth.set(name, evaluator.condition(name));
    } catch (err) {
      if (err instanceof DeployFails) {
        failure ??= err.message;
        continue;
      }
      throw err;
    }
    const key = used.map((n) => (truth.get(n) ? '1' : '0')).join('');
    const group = groups.get(key) ?? { truth, picks: [] };
    group.picks.push(pick);
    groups.set(key, group);
  }
  if (groups.size === 0) throw new ConditionsError(`the template deploys nowhere: ${failure ?? 'every deployment fails'}`);

  const variants: DeploymentVariant[] = [];
  const undeployable: string[] = [];
  for (const group of groups.values()) {
    const truth = (name: string) => {
      const t = group.truth.get(name);
      if (t === undefined) throw new ConditionsError(`the condition ${name} is used but not declared in Conditions`);
      return t;
    };
    const resolved = applyConditions(template, truth);
    const label = groups.size === 1 ? 'every deployment' : labelOf(dims, group.picks);
    const dangling = danglingReference(resolved);
    if (dangling) {
      undeployable.push(`${label}: ${dangling}, which the conditions remove`);
      continue;
    }
    const regionIndex = dims.findIndex((d) => d.name === 'region');
    const regionValues = regionIndex < 0 ? undefined : [...new Set(group.picks.map((p) => dims[regionIndex].values[p[regionIndex]].value as KnownRegion | undefined))];
    variants.push({
      label,
      template: resolved,
      regions: regionValues ? regionValues.filter((r): r is KnownRegion => !!r).map((r) => r.name) : everyRegion,
      unknownRegion: regionValues ? regionValues.includes(undefined) : anyRegion,
    });
  }
  if (variants.length === 0) throw new ConditionsError(`the template deploys nowhere: ${undeployable[0]}`);
  const max = opts.maxVariants ?? DEFAULT_MAX_VARIANTS;
  if (variants.length > max) {
    throw new ConditionsError(`the template's conditions give ${variants.length} different deployments (${variants.slice(0, 3).map((v) => v.label).join('; ')}; ...), more than the ${max} the grader grades: simplify the conditions`);
  }
  return variants;
}
