import { defineDrill, Drill } from '../../../lib/model/drill';
import { pass } from '../../../lib/model/verdict';

const base: Drill = {
  id: 'sample-drill', module: '02', title: 'Sample', summary: 's', soaTasks: ['4.1'], difficulty: 'intro', estimatedCostPerHour: 0, dir: __dirname,
  traps: [{ id: 't', description: 'd', objective: 'o', resource: 'R' }],
  objectives: [{ id: 'o', title: 'O', weight: 1, soaTask: '4.1', hint: 'h', checks: [{ id: 'c', run: () => pass('ok') }] }],
};

describe('defineDrill', () => {
  test('accepts consistent metadata', () => {
    expect(defineDrill(base)).toBe(base);
  });
  test.each([
    ['a trap pointing at an unknown objective', { traps: [{ id: 't', description: 'd', objective: 'nope', resource: 'R' }] }, /unknown objective nope/],
    ['an objective that catches no trap', { traps: [] }, /catches no declared trap/],
    ['an unknown SOA-C03 task', { soaTasks: ['9.9'] }, /unknown SOA-C03 task 9.9/],
    ['a zero weight', { objectives: [{ ...base.objectives[0], weight: 0 }] }, /positive weight/],
    ['a non-kebab id', { id: 'Bad_Id' }, /kebab-case/],
  ])('rejects %s', (_name, patch, message) => {
    expect(() => defineDrill({ ...base, ...(patch as Partial<Drill>) })).toThrow(message);
  });
});
