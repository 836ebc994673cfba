import { fail, pass } from '../../model/verdict';
import { StaticCheck, StaticEvidence } from '../../model/drill';
import { Runbook } from '../../model/evidence';
import { section } from './runbook';
import { STATEFUL_TYPES } from '../../template/resource-types';
import { identify } from '../../template/identity';
import { GUARDRAILS_ID } from '../../lab/guardrail-names';

function needRunbook(e: StaticEvidence): Runbook {
  if (!e.runbook) throw new Error('this drill has no runbook declared, but a runbook check asks for one');
  return e.runbook;
}

/** Every named section exists and holds the student's own words. */
export function runbookSectionsFilled(id: string, titles: readonly string[]): StaticCheck {
  return {
    id,
    run: (e) => {
      const rb = needRunbook(e);
      const missing = titles.filter((t) => !section(rb, t));
      if (missing.length) return fail(`${rb.file} has no section ${missing.map((m) => `"## ${m}"`).join(', ')}`);
      const empty = titles.filter((t) => !section(rb, t)!.filled);
      if (empty.length) return fail(`${rb.file}: fill in ${empty.map((m) => `"${m}"`).join(', ')}`);
      return pass(`${rb.file}: ${titles.join(', ')} filled`);
    },
  };
}

export interface Term {
  /** What the student should have written, in words: `the denied action ssm:GetParameter`. */
  readonly label: string;
  readonly pattern: RegExp;
}

/** A section names each of the given terms. */
export function runbookMentions(id: string, title: string, terms: readonly Term[]): StaticCheck {
  return {
    id,
    run: (e) => {
      const rb = needRunbook(e);
      const s = section(rb, title);
      if (!s || !s.filled) return fail(`${rb.file}: the "${title}" section is not filled in`);
      const missing = terms.filter((t) => !t.pattern.test(s.text));
      if (missing.length) return fail(`${rb.file}: the "${title}" section does not name ${missing.map((t) => t.label).join(', ')}`);
      return pass(`the "${title}" section names ${terms.map((t) => t.label).join(', ')}`);
    },
  };
}

/**
 * Top-level constructs CDK adds on its own (stack singletons such as
 * `Custom::S3AutoDeleteObjectsCustomResourceProvider`): they change when a fix turns a feature on or
 * pins a region, but the student did not write them and need not name them.
 */
export const isCdkSingleton = (constructId: string): boolean => constructId.startsWith('Custom::');

/** Words that carry no account of a change: stop words and filler. */
const FILLER = new Set((
  'a an the and or but of to in on for with by at from as is are was were be been being it its this that these those ' +
  'there here then than so such some several various many much more most other others own same very just also too ' +
  'changed change changes updated update modified modify fixed fix fixes edited edit touched adjusted tweaked done made ' +
  'stuff thing things reason reasons etc misc needed need needs required requirement requirements resource resources lab ' +
  'because why since due now new old our we i you they he she them their my your all any each every per'
).split(' '));
/** Words that say why: a Record entry gives the reason for the change. */
const REASON = /\b(why|because|so that|so the|so it|since|in order to|otherwise|to (stop|allow|let|keep|prevent|make|give|cut|limit|avoid|restore|reduce|protect|meet|catch|page|alert|block)|reason:|the cause)\b/i;

const sentencesOf = (entry: string) => entry.split(/(?<=[.;!?])\s+|\n/).filter((x) => x.trim());
const mentions = (text: string, id: string) => new RegExp(`(^|[^A-Za-z0-9])${id.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}([^A-Za-z0-9]|$)`, 'i').test(text);

/**
 * Content words the sentences naming a construct give about it: neither construct ids nor filler.
 * "OpsRole, AuditorUser changed because of reasons" gives none; "OpsRole: AdministratorAccess
 * detached, operators keep invoke and read" gives several.
 */
function contentWords(sentences: readonly string[], ids: readonly string[]): Set<string> {
  const idSet = new Set(ids.map((i) => i.toLowerCase()));
  const out = new Set<string>();
  for (const s of sentences) {
    for (const raw of s.split(/[^\p{L}\p{N}:/*._-]+/u)) {
      const w = raw.toLowerCase().replace(/^[^\p{L}\p{N}]+|[^\p{L}\p{N}*]+$/gu, '');
      if (w.length < 2 || FILLER.has(w) || idSet.has(w)) continue;
      out.add(w);
    }
  }
  return out;
}

const brief = (text: string, n = 60) => (text.length > n ? `${text.slice(0, n)}…` : text);

/**
 * The section records every lab construct the template diff changed (by construct id or logical
 * id): each is named in an entry (a paragraph or list item) whose sentences say what changed on it
 * (at least two words that are neither ids nor filler) and, unless `reasons` is false (a change
 * plan says what and in which order), why: a reason in the entry, or an entry of the section that
 * starts with Why. Naming the ids without saying what and why does not count; the message shows
 * what it matched, for the instructor who reviews it.
 */
export function runbookCoversChanges(id: string, title: string, opts: { readonly reasons?: boolean } = {}): StaticCheck {
  const reasons = opts.reasons ?? true;
  return {
    id,
    run: (e) => {
      const rb = needRunbook(e);
      const s = section(rb, title);
      if (!s || !s.filled) return fail(`${rb.file}: the "${title}" section is not filled in`);
      const changed = new Map<string, string>();
      // A resource whose only change is its deploy order (DependsOn, which CDK adds) changed nothing to record.
      const recordable = e.scope.changes.filter((c) => !(c.kind === 'updated' && c.properties.every((p) => p === 'DependsOn')));
      // The guardrails are not the lab's: what they add for a new function (its log group) is theirs to record.
      for (const c of recordable) if (!isCdkSingleton(c.constructId) && c.constructId !== GUARDRAILS_ID && !changed.has(c.constructId)) changed.set(c.constructId, c.logicalId);
      if (changed.size === 0) return fail(`${rb.file}: the lab is unchanged from the pristine lab, so there is no change to record yet`);
      const allIds = [...changed].flatMap(([cid, lid]) => [cid, lid]);
      const sectionReason = s.entries.some((x) => /^\s*(why|reason|because)\b/i.test(x));
      const unnamed: string[] = [];
      const bare: string[] = [];
      const matched: string[] = [];
      for (const [cid, lid] of changed) {
        const entries = s.entries.filter((x) => mentions(x, cid) || mentions(x, lid));
        if (entries.length === 0) {
          unnamed.push(cid);
          continue;
        }
        const good = entries.find((x) => {
          const about = sentencesOf(x).filter((t) => mentions(t, cid) || mentions(t, lid));
          return contentWords(about, allIds).size >= 2 && (!reasons || REASON.test(x) || sectionReason);
        });
        if (good) matched.push(`${cid} ("${brief(good)}")`);
        else bare.push(cid);
      }
      if (unnamed.length) return fail(`${rb.file}: the "${title}" section does not name the changed resource(s) ${unnamed.join(', ')}`);
      if (bare.length) {
        const want = reasons ? ' and why' : '';
        const example = reasons ? `"${bare[0]}: <what you changed>, because <why>"` : `"${bare[0]}: <what will change>"`;
        return fail(`${rb.file}: the "${title}" section names ${bare.join(', ')} without saying what changed on ${bare.length === 1 ? 'it' : 'each'}${want} (e.g. ${example})`);
      }
      return pass(`the "${title}" section says what changed${reasons ? ' and why' : ''} for all ${changed.size} changed resource(s): ${matched.slice(0, 3).join('; ')}${matched.length > 3 ? `; and ${matched.length - 3} more` : ''}`);
    },
  };
}

/** A stop condition about losing a resource: it is replaced, deleted, destroyed or re-created. */
const LOSS_CONDITION = /\b(replac|delet|destroy|re-?creat|recreat)/i;

/**
 * The stop rules guard the data: the section names each stateful resource (the given construct ids,
 * plus any resource of a stateful type the template diff touches) and a stop condition on its
 * replacement or deletion ("stop if cdk diff shows CatalogDb replaced or deleted"). Messages name
 * the runbook file.
 */
export function runbookStopRulesGuard(id: string, title: string, constructIds: readonly string[] = []): StaticCheck {
  return {
    id,
    run: (e) => {
      const rb = needRunbook(e);
      const s = section(rb, title);
      if (!s || !s.filled) return fail(`${rb.file}: the "${title}" section is not filled in`);
      const guarded = new Map<string, string | undefined>();
      for (const cid of constructIds) guarded.set(cid, identify(e, cid)?.logicalId);
      for (const c of e.scope.changes) {
        if (STATEFUL_TYPES.has(c.type) && !isCdkSingleton(c.constructId) && !guarded.has(c.constructId)) guarded.set(c.constructId, c.logicalId);
      }
      const text = s.text.toLowerCase();
      const unnamed = [...guarded].filter(([cid, lid]) => !text.includes(cid.toLowerCase()) && !(lid && text.includes(lid.toLowerCase())));
      if (unnamed.length) {
        return fail(`${rb.file}: the "${title}" section does not name ${unnamed.map(([c]) => c).join(', ')}, whose data the change puts at risk`);
      }
      if (!LOSS_CONDITION.test(s.text)) {
        return fail(`${rb.file}: the "${title}" section names no stop condition on a replacement or deletion (e.g. "stop if cdk diff shows ${[...guarded.keys()][0] ?? 'the database'} replaced or deleted")`);
      }
      const names = [...guarded.keys()];
      return pass(`the "${title}" section stops on a replacement or deletion${names.length ? ` and names ${names.join(', ')}` : ''}`);
    },
  };
}
