import { fail, pass } from '../../model/verdict';
import { StaticCheck, StaticEvidence } from '../../model/drill';
import { Runbook } from '../../model/evidence';
import { section } from './runbook';
import { STATEFUL_TYPES } from '../../template/resource-types';
import { findResource } from '../../template/read';

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

/** A section names every lab construct the template diff changed (by construct id or logical id). */
export function runbookCoversChanges(id: string, title: string): StaticCheck {
  return {
    id,
    run: (e) => {
      const rb = needRunbook(e);
      const s = section(rb, title);
      if (!s || !s.filled) return fail(`${rb.file}: the "${title}" section is not filled in`);
      const changed = new Map<string, string>();
      for (const c of e.scope.changes) if (!isCdkSingleton(c.constructId) && !changed.has(c.constructId)) changed.set(c.constructId, c.logicalId);
      if (changed.size === 0) return fail(`${rb.file}: the lab is unchanged from the pristine lab, so there is no change to record yet`);
      const text = s.text.toLowerCase();
      const unnamed = [...changed].filter(([cid, lid]) => !text.includes(cid.toLowerCase()) && !text.includes(lid.toLowerCase()));
      if (unnamed.length) return fail(`${rb.file}: the "${title}" section does not name the changed resource(s) ${unnamed.map(([c]) => c).join(', ')}`);
      return pass(`the "${title}" section names all ${changed.size} changed resource(s)`);
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
      for (const cid of constructIds) guarded.set(cid, findResource(e.template, cid)?.logicalId);
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
