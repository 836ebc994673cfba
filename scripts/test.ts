// npm test [-- <jest arguments>]: the type check (`tsc --build`) and Jest at the same time. Jest keeps
// both cores busy for most of its run and the type check takes one core for 8–11 s after an edit, so
// running them side by side saves about half of that; run one after the other, Jest would wait for it.
// The type check's output is printed after Jest's; either failing fails the run.
import { spawn } from 'child_process';
import { LIBRARY_ROOT } from '../lib/paths';

function run(args: readonly string[], quiet: boolean): Promise<{ code: number; output: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, args, { cwd: LIBRARY_ROOT, stdio: quiet ? ['ignore', 'pipe', 'pipe'] : 'inherit' });
    let output = '';
    child.stdout?.on('data', (d: Buffer) => (output += d.toString('utf8')));
    child.stderr?.on('data', (d: Buffer) => (output += d.toString('utf8')));
    child.on('error', (err) => resolve({ code: 1, output: `${args[0]} could not start: ${err.message}\n` }));
    child.on('close', (code, signal) => resolve({ code: code ?? (signal ? 1 : 0), output }));
  });
}

(async () => {
  const [typecheck, jest] = await Promise.all([
    run([require.resolve('typescript/bin/tsc'), '--build'], true),
    run([require.resolve('jest/bin/jest'), ...process.argv.slice(2)], false),
  ]);
  // Last, so it is not lost above Jest's summary.
  if (typecheck.code !== 0) process.stderr.write(`\n${typecheck.output.trimEnd()}\nnpm test: the type check (tsc --build) failed\n`);
  process.exitCode = typecheck.code !== 0 ? typecheck.code : jest.code;
})();
