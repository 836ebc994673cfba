// The AWS SDK loads only where a live check or command uses it (lib/live/sdk.ts): a static grade of
// every drill, in a fresh process as a student runs it, loads no @aws-sdk or @smithy module at all.
import { spawnSync } from 'child_process';
import * as path from 'path';
import { catalog } from '../../../drills/registry';
import { LIBRARY_ROOT } from '../../../lib/paths';

const PROBE = `
process.argv = [process.argv[0], 'bin/awswo-cli.js', 'grade', '--all', '--format', 'json'];
process.on('exit', () => {
  const sdk = Object.keys(require.cache).filter((f) => /node_modules\\/@(aws-sdk|smithy)\\//.test(f));
  process.stderr.write('SDK MODULES ' + JSON.stringify(sdk) + '\\n');
});
require('./bin/awswo-cli.js');
`;

describe('the AWS SDK, loaded at the point of use', () => {
  test('a static grade of every drill loads no AWS SDK module', () => {
    // The synthesis memo may spare the syntheses: what is loaded is the grader's judging, not the sandbox's.
    const r = spawnSync(process.execPath, ['-e', PROBE], { cwd: LIBRARY_ROOT, encoding: 'utf8', env: { ...process.env, AWSWO_SYNTH_MEMO: process.env.AWSWO_SYNTH_MEMO ?? 'on' }, maxBuffer: 64 * 1024 * 1024 });
    expect(r.status).toBe(1); // pristine labs: objectives fail
    expect(JSON.parse(r.stdout).results).toHaveLength(catalog.ids().length);
    const line = r.stderr.split('\n').find((l) => l.startsWith('SDK MODULES '));
    expect(line).toBeDefined();
    expect(JSON.parse(line!.slice('SDK MODULES '.length)).map((f: string) => path.relative(LIBRARY_ROOT, f))).toEqual([]);
  }, 120_000);

  test('the probe can see one: a live module that uses the SDK loads it', () => {
    const r = spawnSync(process.execPath, ['-r', './bin/register-ts.js', '-e', "require('./lib/live/sdk.ts').isArn('arn:aws:s3:::bucket'); console.log(Object.keys(require.cache).filter((f) => /node_modules\\/@(aws-sdk|smithy)\\//.test(f)).length)"], { cwd: LIBRARY_ROOT, encoding: 'utf8' });
    expect(Number(r.stdout.trim())).toBeGreaterThan(0);
  });
});
