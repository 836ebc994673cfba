import * as crypto from 'crypto';
import * as fs from 'fs';
import * as path from 'path';
import { keepMemo, recallMemo } from '../cache';
import type { NagFinding } from '../model/evidence';
import type { TemplateJson } from '../model/template';
import { LIBRARY_ROOT } from '../paths';
import type { LabAcknowledgement } from '../sandbox/harness';
import type { NagJudge } from './nag-judge';

/**
 * cdk-nag's findings already computed, kept by everything that decides them: the template and the
 * lab's acknowledgements (as data), the course's rules and the code that runs them, and the
 * versions of cdk-nag and aws-cdk-lib. It goes with the synthesis memo (lib/sandbox/synth-memo.ts:
 * the same switch, for the test suite); a grade computes every finding by default.
 */
const FORMAT = 'awswo-nag-memo-1';
// The code that turns a template into findings, besides lib/nag/ (every file of it).
const JUDGE_FILES = ['lib/grading/nag-findings.ts', 'lib/grading/nag-service-modules.ts', 'lib/template/read.ts'];
let judgePrint: string | undefined;

function judgeFingerprint(): string {
  if (judgePrint) return judgePrint;
  const h = crypto.createHash('sha256').update(FORMAT);
  for (const pkg of ['cdk-nag', 'aws-cdk-lib']) {
    const { version } = JSON.parse(fs.readFileSync(require.resolve(`${pkg}/package.json`, { paths: [LIBRARY_ROOT] }), 'utf8')) as { version: string };
    h.update(`\n${pkg}@${version}`);
  }
  for (const f of [...filesBelow('lib/nag').sort(), ...JUDGE_FILES]) h.update(`\n${f}\n`).update(fs.readFileSync(path.join(LIBRARY_ROOT, f)));
  return (judgePrint = h.digest('hex'));
}

/** The files below a folder of the library, relative to it (Node 20.0 has no recursive readdir). */
function filesBelow(dir: string): string[] {
  return fs.readdirSync(path.join(LIBRARY_ROOT, dir), { withFileTypes: true }).flatMap((e) => {
    const rel = path.join(dir, e.name);
    return e.isDirectory() ? filesBelow(rel) : e.isFile() ? [rel] : [];
  });
}

export function nagMemoKey(template: TemplateJson, acknowledgements: readonly LabAcknowledgement[]): string {
  return crypto.createHash('sha256').update(judgeFingerprint()).update('\0').update(JSON.stringify(template)).update('\0').update(JSON.stringify(acknowledgements)).digest('hex');
}

const entry = (key: string) => `nag-memo/${key.slice(0, 2)}/${key}.json.gz`;

/**
 * `judge` with the memo: findings kept are given back without cdk-nag; others are computed by
 * `judge` and kept. No warm-up: what the memo holds needs no cdk-nag loaded, and the first
 * finding it lacks loads it.
 */
export function memoNagJudge(judge: NagJudge): NagJudge {
  return {
    findings: async (template, acknowledgements = []) => {
      const key = nagMemoKey(template, acknowledgements);
      const kept = recallMemo<NagFinding[]>(entry(key), key);
      if (Array.isArray(kept)) return kept;
      const findings = await judge.findings(template, acknowledgements);
      keepMemo(entry(key), key, findings);
      return findings;
    },
    warm: () => undefined,
    close: () => judge.close(),
  };
}
