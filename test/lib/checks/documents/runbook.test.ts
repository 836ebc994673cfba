import { headingKey, parseRunbook, section } from '../../../../lib/checks/documents/runbook';

describe('parseRunbook', () => {
  const source = `# Runbook

## Permissions
<!-- guidance the template gives -->

## Change plan
1. Narrow **OpsRole** to the four needs.
2. Deploy with \`cdk deploy\`.

## Stop rules
TODO

## Record
| resource | change |
|---|---|
| OpsRole | AdministratorAccess detached |
`;
  const rb = parseRunbook(source, 'RUNBOOK.md');

  test('level-2 headings are sections, in order', () => {
    expect(rb.sections.map((s) => s.title)).toEqual(['Permissions', 'Change plan', 'Stop rules', 'Record']);
  });
  test('HTML comments (the template\'s guidance) are not content', () => {
    expect(section(rb, 'permissions')!.filled).toBe(false);
    expect(section(rb, 'Permissions')!.text).toBe('');
  });
  test('placeholders such as TODO are not content', () => {
    expect(section(rb, 'Stop rules')!.filled).toBe(false);
  });
  test('lists, inline code and tables count as content', () => {
    expect(section(rb, 'Change plan')!.filled).toBe(true);
    expect(section(rb, 'Change plan')!.text).toContain('OpsRole');
    expect(section(rb, 'Record')!.text).toContain('AdministratorAccess detached');
  });
  test('a heading inside a fenced code block is not a section', () => {
    const r = parseRunbook('## Real\nsome words here\n```\n## Not a section\n```\n');
    expect(r.sections.map((s) => s.title)).toEqual(['Real']);
  });
});


describe('headingKey: headings matched as a reader would', () => {
  test.each([
    ['Permissions', 'permissions'], ['1. Permissions', 'permissions'], ['2) Change plan', 'change plan'], ['Step 3: Stop rules', 'stop rules'],
    ['5 - Rollback path', 'rollback path'], ['iv. Validation gates', 'validation gates'], ['a) Record', 'record'], ['RECORD:', 'record'],
    ['Validation gates', 'validation gates'], ['Inventory', 'inventory'], ['1.2 Record', 'record'],
  ])('%s → %s', (heading, key) => {
    expect(headingKey(heading)).toBe(key);
  });
});
