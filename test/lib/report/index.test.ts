import { main } from '../../../lib/cli/main';
import { catalog } from '../../../drills/registry';
import { REPORT_FORMATS } from '../../../lib/report';
import { schemaValidator } from './schemas';

async function grade(...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await main(['grade', ...argv], { out: (t) => (out += t), err: (t) => (err += t) }, catalog);
  return { code, out, err };
}

describe('awswo grade --format (a real grade of a pristine lab)', () => {
  test('every format is accepted; a bad one names them all', async () => {
    expect(REPORT_FORMATS).toEqual(['text', 'json', 'junit', 'md', 'html', 'gradescope', 'github-classroom', 'prairielearn']);
    const bad = await grade('access-denied-parameter', '--format', 'yaml');
    expect(bad).toMatchObject({ code: 2, out: '' });
    expect(bad.err).toContain('text, json, junit, md, html, gradescope, github-classroom, prairielearn');
  });
  test.each([
    ['gradescope', 'gradescope-results.schema.json'],
    ['github-classroom', 'github-classroom-result.schema.json'],
    ['prairielearn', 'prairielearn-results.schema.json'],
  ])('--format %s prints what the platform reads, valid, and exits 1 for a failing grade', async (format, schema) => {
    const r = await grade('access-denied-parameter', '--format', format);
    expect(r.code).toBe(1);
    expect(schemaValidator(schema)(JSON.parse(r.out))).toEqual([]);
  });
  test('--format html prints one page', async () => {
    const r = await grade('access-denied-parameter', '--format', 'html');
    expect(r.code).toBe(1);
    expect(r.out).toMatch(/^<!DOCTYPE html>[\s\S]*<\/html>\n$/);
    expect(r.out).toContain('data-objective="access-denied-parameter/');
  });
  test('the help lists the formats', async () => {
    const r = await grade('--help');
    expect(r.out).toContain('html, or what a grading platform reads');
    expect(r.out).toContain('gradescope, github-classroom, prairielearn');
  });
});
