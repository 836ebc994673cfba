import { fail, pass, StaticCheck, StaticEvidence } from '../drill';
import { Runbook, section } from '../runbook';

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
      const s = section(needRunbook(e), title);
      if (!s || !s.filled) return fail(`the runbook's "${title}" section is not filled in`);
      const missing = terms.filter((t) => !t.pattern.test(s.text));
      if (missing.length) return fail(`the "${title}" section does not name ${missing.map((t) => t.label).join(', ')}`);
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
      const s = section(needRunbook(e), title);
      if (!s || !s.filled) return fail(`the runbook's "${title}" section is not filled in`);
      const changed = new Map<string, string>();
      for (const c of e.scope.changes) if (!isCdkSingleton(c.constructId) && !changed.has(c.constructId)) changed.set(c.constructId, c.logicalId);
      if (changed.size === 0) return fail('the lab is unchanged from the pristine lab: there is no change to record yet');
      const text = s.text.toLowerCase();
      const unnamed = [...changed].filter(([cid, lid]) => !text.includes(cid.toLowerCase()) && !text.includes(lid.toLowerCase()));
      if (unnamed.length) return fail(`the "${title}" section does not name the changed resource(s) ${unnamed.map(([c]) => c).join(', ')}`);
      return pass(`the "${title}" section names all ${changed.size} changed resource(s)`);
    },
  };
}
