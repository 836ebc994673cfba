import * as crypto from 'crypto';
import * as fs from 'fs';
import { keepMemo, recallMemo, sourceFingerprint } from '../cache';
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
const FORMAT = 'awswo-nag-memo-2';
let judgePrint: string | undefined;

function judgeFingerprint(): string {
  if (judgePrint) return judgePrint;
  const h = crypto.createHash('sha256').update(FORMAT);
  for (const pkg of ['cdk-nag', 'aws-cdk-lib']) {
    const { version } = JSON.parse(fs.readFileSync(require.resolve(`${pkg}/package.json`, { paths: [LIBRARY_ROOT] }), 'utf8')) as { version: string };
    h.update(`\n${pkg}@${version}`);
  }
  // The code that turns a template into findings: nag-findings.ts and all it loads (the course's rules, their helpers).
  h.update(`\n${sourceFingerprint(['lib/grading/nag-findings.ts'])}`);
  return (judgePrint = h.digest('hex'));
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
