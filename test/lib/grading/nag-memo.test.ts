import * as fs from 'fs';
import * as path from 'path';
import { cacheDir } from '../../../lib/cache';
import type { NagFinding } from '../../../lib/model/evidence';
import type { TemplateJson } from '../../../lib/model/template';
import type { NagJudge } from '../../../lib/grading/nag-judge';
import { memoNagJudge, nagMemoKey } from '../../../lib/grading/nag-memo';
import type { LabAcknowledgement } from '../../../lib/sandbox/harness';

const entry = (key: string) => path.join(cacheDir(), 'nag-memo', key.slice(0, 2), `${key}.json.gz`);

/** A judge that counts its judgements and finds one finding naming the template's first resource. */
function countingJudge(): NagJudge & { calls: number; warmed: number; closed: number } {
  const judge = {
    calls: 0,
    warmed: 0,
    closed: 0,
    findings: async (t: TemplateJson): Promise<NagFinding[]> => {
      judge.calls++;
      const logicalId = Object.keys(t.Resources ?? {})[0];
      return [{ rule: 'Awswo-Test', logicalId, path: logicalId, severity: 'error', description: 'found' }];
    },
    warm: () => void judge.warmed++,
    close: () => void judge.closed++,
  };
  return judge;
}

/** A template of this file's own (no other test judges it), forgotten first. */
function ownTemplate(name: string, acknowledgements: LabAcknowledgement[] = []): TemplateJson {
  const template = { Resources: { [`Topic${name}${process.pid}`]: { Type: 'AWS::SNS::Topic', Properties: {} } } } as TemplateJson;
  fs.rmSync(entry(nagMemoKey(template, acknowledgements)), { force: true });
  return template;
}

describe('the nag memo', () => {
  test('a template judged before is answered from the memo, without the judge', async () => {
    const template = ownTemplate('Again');
    const first = countingJudge();
    const found = await memoNagJudge(first).findings(template);
    expect(first.calls).toBe(1);
    expect(fs.existsSync(entry(nagMemoKey(template, [])))).toBe(true);
    const second = countingJudge();
    expect(await memoNagJudge(second).findings(template)).toEqual(found);
    expect(second.calls).toBe(0);
  });

  test('another template, or the same with other acknowledgements, is judged', async () => {
    const template = ownTemplate('Other');
    const ack = [{ path: 'Topic', rule: 'Awswo-Test', reason: 'lab only' }];
    ownTemplate('Other', ack);
    const inner = countingJudge();
    const memo = memoNagJudge(inner);
    await memo.findings(template);
    await memo.findings(template, ack);
    await memo.findings({ ...template, Description: 'changed' } as TemplateJson);
    expect(inner.calls).toBe(3);
    expect(nagMemoKey(template, [])).not.toBe(nagMemoKey(template, ack));
  });

  test('an unreadable entry, or one kept under another key, is judged again', async () => {
    const template = ownTemplate('Bad');
    const key = nagMemoKey(template, []);
    fs.mkdirSync(path.dirname(entry(key)), { recursive: true });
    fs.writeFileSync(entry(key), 'not gzip');
    const inner = countingJudge();
    await memoNagJudge(inner).findings(template);
    expect(inner.calls).toBe(1);
    // An entry copied from another template's key does not answer for this one.
    const other = ownTemplate('BadOther');
    await memoNagJudge(countingJudge()).findings(other);
    fs.copyFileSync(entry(nagMemoKey(other, [])), entry(key));
    const again = countingJudge();
    await memoNagJudge(again).findings(template);
    expect(again.calls).toBe(1);
  });

  test('no warm-up (what it holds needs no cdk-nag); closing closes the judge', () => {
    const inner = countingJudge();
    const memo = memoNagJudge(inner);
    memo.warm({ Resources: {} } as TemplateJson);
    memo.close();
    expect({ warmed: inner.warmed, closed: inner.closed }).toEqual({ warmed: 0, closed: 1 });
  });
});
