import * as fs from 'fs';
import * as os from 'os';
import { catalog } from '../../../drills/registry';
import { readBaseline } from '../../../lib/grading/baseline';
import { nagFindings } from '../../../lib/grading/nag-findings';
import { inProcess, nagJudge, startNagEarly } from '../../../lib/grading/nag-judge';
import type { TemplateJson } from '../../../lib/model/template';

describe('the nag judge', () => {
  test('the early worker thread finds what this thread finds, and is handed to one grading only', async () => {
    const template = readBaseline(catalog.find('iam-wildcard-role')!);
    const acks = [{ path: '', rule: 'AwsSolutions-IAM5', reason: 'LAB: shown, never honoured' }];
    startNagEarly();
    const judge = nagJudge();
    expect(judge).not.toBe(inProcess);
    expect(nagJudge()).toBe(inProcess);
    try {
      judge.warm(template);
      const found = await judge.findings(template, acks);
      expect(found.length).toBeGreaterThan(0);
      expect(found).toEqual(nagFindings(template, acks));
      // A template the packs cannot read fails there as it fails here: an error, never no findings.
      await expect(judge.findings({ Resources: { Bad: { Type: 'AWS::IAM::Role', Properties: { AssumeRolePolicyDocument: { 'Fn::Nope': 1 } } } } } as TemplateJson)).rejects.toThrow();
      // On Linux the worker thread, and only it, runs at a lower priority than the grader.
      if (process.platform === 'linux') {
        const nices = fs.readdirSync('/proc/self/task').map((t) => Number(fs.readFileSync(`/proc/self/task/${t}/stat`, 'utf8').split(') ')[1].split(' ')[16]));
        const grader = os.getPriority();
        expect(nices.filter((n) => n !== grader)).toEqual(grader < 10 ? [10] : []);
      }
    } finally {
      judge.close();
    }
  }, 60_000);
});
