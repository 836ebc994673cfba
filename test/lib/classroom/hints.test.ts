import * as fs from 'fs';
import * as path from 'path';
import { catalog } from '../../../drills/registry';
import { hiddenHint, HINT_LOG, hintDeductions, readHints, recordHints, withHintCosts, withHintsShown } from '../../../lib/classroom/hints';
import { renderGradescope } from '../../../lib/report/gradescope';
import { score } from '../../../lib/grading/scoring';
import type { Drill } from '../../../lib/model/drill';
import type { GradeResult } from '../../../lib/model/result';
import { renderText } from '../../../lib/report/text';
import { buildReport } from '../../../lib/report';
import { makeWorkspace, removeWorkspace } from '../../support/workspace';
import { runCli } from '../cli/run-cli';
import { useSynthMemo } from '../../support/synth-memo';

useSynthMemo();

const drill = catalog.find('access-denied-parameter')!;
/** The same drill declaring a cost per hint. */
const costly: Drill = { ...drill, hintCost: 1 };
let ws: string;
beforeEach(() => {
  ws = makeWorkspace([drill]);
});
afterEach(() => removeWorkspace(ws));

const passed = (d: Drill): GradeResult => ({
  drill: d.id, module: d.module, title: d.title, passed: true, status: 'pass',
  objectives: d.objectives.map((o) => ({ id: o.id, title: o.title, status: 'pass', message: 'ok', hint: o.hint, soaTask: o.soaTask, weight: o.weight, checks: [] })),
  scope: { changes: [], violations: [] }, acknowledgements: [], durationMs: 1,
});

describe('hints', () => {
  test('awswo hint: none taken, then one at a time with --next, recorded in the workspace', async () => {
    const none = await runCli('hint', drill.id, '--workspace', ws);
    expect(none).toMatchObject({ code: 0 });
    expect(none.out).toContain(`no hint taken yet (${drill.objectives.length} available; hints cost nothing in this drill)`);
    expect(fs.existsSync(path.join(ws, HINT_LOG))).toBe(false);

    const first = await runCli('hint', drill.id, '--next', '--workspace', ws);
    expect(first.out).toContain(`1 of ${drill.objectives.length} hints taken`);
    expect(first.out).toContain(drill.objectives[0].hint);
    expect(first.out).not.toContain(drill.objectives[1].hint);
    expect(readHints(ws).map((h) => [h.drill, h.objective, h.via])).toEqual([[drill.id, drill.objectives[0].id, 'hint']]);

    const second = await runCli('hint', drill.id, '--next', '--workspace', ws);
    expect(second.out).toContain(drill.objectives[1].hint);
    const done = await runCli('hint', drill.id, '--next', '--workspace', ws);
    expect(done.out).toContain('every hint is taken');
    expect(readHints(ws)).toHaveLength(2);
    expect((await runCli('hint', 'nope')).code).toBe(2);
  });

  test('grade hides the hints not taken; --hints shows those of failing objectives and records them', async () => {
    const hidden = await runCli('grade', drill.id, '--workspace', ws, '--format', 'json');
    expect(hidden.code).toBe(1);
    for (const o of JSON.parse(hidden.out).objectives) expect(o.hint).toBe(hiddenHint(drill.id));
    expect(fs.existsSync(path.join(ws, HINT_LOG))).toBe(false);

    const shown = await runCli('grade', drill.id, '--workspace', ws, '--format', 'json', '--hints');
    const objectives = JSON.parse(shown.out).objectives;
    expect(objectives.map((o: { hint: string }) => o.hint)).toEqual(drill.objectives.map((o) => o.hint));
    expect(readHints(ws).map((h) => [h.objective, h.via])).toEqual(drill.objectives.map((o) => [o.id, 'grade']));
    // Taken once, shown from then on without asking again; and recorded once.
    const later = await runCli('grade', drill.id, '--workspace', ws, '--format', 'json');
    expect(JSON.parse(later.out).objectives.map((o: { hint: string }) => o.hint)).toEqual(drill.objectives.map((o) => o.hint));
    expect(JSON.parse(later.out).score.hints).toEqual({ taken: 2, weightLost: 0 });
    expect(readHints(ws)).toHaveLength(2);
  }, 180_000);

  test('a drill may declare a cost per hint: a passed objective earns that much less, and the report says so', () => {
    recordHints(ws, costly, [costly.objectives[0]], 'hint');
    const records = readHints(ws);
    expect(records[0].cost).toBe(1);
    const result = passed(costly);
    const full = score([result]);
    const withHints = score([result], { hintDeductions: hintDeductions([costly], records) });
    expect(full.scaled).toBe(1000);
    expect(withHints.scaled).toBeLessThan(1000);
    expect(withHints.hints).toEqual({ taken: 1, weightLost: 1 });
    expect(renderText(buildReport([result], withHints, ws))).toContain("1 hint taken: the score counts 1 weight less (the drills' declared hint cost)");
    // The platforms' points say the same as the score.
    const costed = withHintCosts([result], hintDeductions([costly], records));
    const gradescope = JSON.parse(renderGradescope(buildReport(costed, withHints, ws)));
    const first = costly.objectives[0];
    expect(gradescope.tests.find((t: { name: string }) => t.name === `${costly.id}: ${first.title}`)).toMatchObject({ score: first.weight - 1, max_score: first.weight });
    // The cost is the drill's, not what a record claims, and never more than the objective's weight.
    fs.appendFileSync(path.join(ws, HINT_LOG), JSON.stringify({ at: 'x', drill: drill.id, objective: drill.objectives[1].id, cost: -50, via: 'hint' }) + '\n');
    expect(hintDeductions([{ ...drill, hintCost: 1000 }], readHints(ws))).toEqual({ [drill.id]: Object.fromEntries(drill.objectives.map((o) => [o.id, o.weight])) });
    expect(hintDeductions([drill], readHints(ws))).toEqual({ [drill.id]: Object.fromEntries(drill.objectives.map((o) => [o.id, 0])) });
  });

  test('reports show only the hints taken', () => {
    recordHints(ws, drill, [drill.objectives[1]], 'hint');
    const [r] = withHintsShown([passed(drill)], readHints(ws));
    expect(r.objectives.map((o) => o.hint)).toEqual([hiddenHint(drill.id), drill.objectives[1].hint]);
  });
});
