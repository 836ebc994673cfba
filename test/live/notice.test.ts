// Part of `npm test` (the live suite itself runs with npm run test:live): says in one line when the
// live integration suite cannot run here, and checks the README's emulator gap table is current.
import { emulatorGapsMarkdown, EMULATOR_GAPS } from './emulator-gaps';
import { LIVE_SUITE_NOT_RUN, onPath } from './helpers';

// Without moto_server: one line, and a skipped test in the summary (never a pass).
if (!onPath('moto_server')) {
  process.stderr.write(`${LIVE_SUITE_NOT_RUN}\n`);
  test.skip(LIVE_SUITE_NOT_RUN, () => undefined);
}

test('every emulator gap says what moto does and what the suite does instead, once', () => {
  expect(new Set(EMULATOR_GAPS.map((g) => g.id)).size).toBe(EMULATOR_GAPS.length);
  for (const g of EMULATOR_GAPS) expect([g.id, g.subject.length > 0, g.emulator.length > 0, g.suite.length > 0]).toEqual([g.id, true, true, true]);
  expect(emulatorGapsMarkdown().split('\n').filter((l) => l.startsWith('| ') && !l.startsWith('| API'))).toHaveLength(EMULATOR_GAPS.length);
});
