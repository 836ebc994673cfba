// In a handout, --all means the drills the handout was made with (its package.json lists them).
import * as fs from 'fs';
import * as path from 'path';
import { catalog } from '../../../drills/registry';
import { makeWorkspace, removeWorkspace } from '../../support/workspace';
import { runCli } from './run-cli';
import { useSynthMemo } from '../../support/synth-memo';

useSynthMemo();

test('grade --all in a handout grades the handout\'s drills, and only those', async () => {
  const ws = makeWorkspace(catalog.ofModule('02'));
  try {
    fs.writeFileSync(path.join(ws, 'package.json'), JSON.stringify({ name: 'h', awswo: { drills: ['access-denied-parameter', 'iam-wildcard-role'] } }));
    const r = await runCli('grade', '--all', '--workspace', ws, '--format', 'json');
    expect(r.code).toBe(1);
    expect(JSON.parse(r.out).results.map((x: { drill: string }) => x.drill)).toEqual(['iam-wildcard-role', 'access-denied-parameter']);
    // Without the list, --all is every drill of the catalogue (the others' labs are missing: ERROR).
    fs.rmSync(path.join(ws, 'package.json'));
    const all = await runCli('grade', '--all', '--workspace', ws, '--format', 'json');
    expect(all.code).toBe(2);
    expect(JSON.parse(all.out).results).toHaveLength(catalog.ids().length);
  } finally {
    removeWorkspace(ws);
  }
}, 180_000);
