import { renderText } from '../../../lib/report/text';
import { drill, hostileReport, objective, rawUnsafe, reportOf, sampleReport } from './fixtures';

describe('text report', () => {
  test('shows each drill, its review state, the score and where the work stands', () => {
    const out = renderText(sampleReport());
    expect(out).toContain('  ERROR Objective runbook [runbook, SOA-C03 1.1]');
    expect(out).toContain('review: APPROVED by ana at 2025-06-02T09:00:00Z');
    expect(out).toContain('review: NOT REVIEWED');
    expect(out).toMatch(/not ready for instructor review: 1 objective could not be verified; certification: PENDING INSTRUCTOR REVIEW\n$/);
    expect(out).not.toMatch(/\bCERTIFIED\b/);
  });
  test('shows the student\'s acknowledgements, whatever their reason says, and not the lab\'s own', () => {
    const out = renderText(sampleReport());
    expect(out).toContain('note: OpsRole/DefaultPolicy/Resource acknowledges AwsSolutions-IAM5 ("LAB: the student says it is fine"); the grader still counts that rule');
    expect(out).not.toContain('the lab\'s own reason');
  });
  test('student input cannot colour, rewrite or forge lines: every control character is escaped', () => {
    const out = renderText(hostileReport());
    expect(rawUnsafe(out)).toBeUndefined();
    expect(out).toContain('a\\x00b \\x1b[31mred\\x1b[0m \\x07bell');
    // The forged "PASS" stays inside the message's line, after a visible \r\n.
    expect(out).toContain('\\r\\n  PASS  forged line');
    expect(out.split('\n').filter((l) => /^\s*PASS\s/.test(l))).toHaveLength(1);
    expect(out).toContain('\\ud800lone high \\udc00lone low \\u202eevil');
  });
  test('a very long field is cut, saying so', () => {
    const out = renderText(hostileReport());
    expect(Math.max(...out.split('\n').map((l) => l.length))).toBeLessThan(2600);
    expect(out).toMatch(/… \(\d+ more characters\)/);
  });
  test('a drill that could not be graded says why once, with what the lab printed, and no objective as passed', () => {
    const broken = drill('d', [objective('a', 'error'), objective('b', 'error')], {
      error: { kind: 'synth', message: 'lab.ts failed to synthesize: boom', output: ['at load', '\u001b[31mred'] },
    });
    const out = renderText(reportOf([broken], '/w'));
    expect(out).toContain('  ERROR (synth): lab.ts failed to synthesize: boom\n    | at load\n    | \\x1b[31mred\n  NOT GRADED: 2 objectives (a, b)');
    expect(out).not.toContain('PASS');
  });
});
