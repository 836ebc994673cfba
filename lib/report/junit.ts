import type { ObjectiveResult } from '../model/result';
import type { LiveObjectiveResult } from '../model/live-result';
import { checkLines, drillLines } from './detail';
import { Report, ReportedResult, reviewLine, reviewOf } from './report';
import { xmlAttr, xmlText } from './safe-text';

const seconds = (ms: number | undefined) => ((ms ?? 0) / 1000).toFixed(3);
/** Lines of text content, each escaped (a line break between them is ours). */
const lines = (ls: readonly string[]) => ls.map((l) => xmlText(l)).join('\n');

/**
 * JUnit XML as Jenkins, GitLab and most CI read it (checked against the Jenkins JUnit schema): a test
 * suite per drill, a test case per objective; fail → failure, error → error, each typed by the check
 * that decided it. Suite timestamps are the report's time, in UTC, in Ant's form without a zone.
 */
export function renderJunit(report: Report): string {
  const timestamp = new Date(report.generatedAt).toISOString().slice(0, 19);
  const suites = report.results.map((r) => suite(r, timestamp));
  const all = report.results.flatMap((r) => r.objectives);
  const count = (s: string) => all.filter((o) => o.status === s).length;
  const time = seconds(report.results.reduce((n, r) => n + r.durationMs, 0));
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="awswo" tests="${all.length}" failures="${count('fail')}" errors="${count('error')}" time="${time}">`,
    ...suites,
    '</testsuites>',
    '',
  ].join('\n');
}

function suite(r: ReportedResult, timestamp: string): string {
  const failures = r.objectives.filter((o) => o.status === 'fail').length;
  const errors = r.objectives.filter((o) => o.status === 'error').length;
  const name = xmlAttr(`awswo.${r.drill}`);
  const props = [['module', r.module], ['title', r.title], ['review', reviewLine(reviewOf(r))]];
  const out = drillLines(r);
  return [
    `  <testsuite name="${name}" tests="${r.objectives.length}" failures="${failures}" errors="${errors}" skipped="0" time="${seconds(r.durationMs)}" timestamp="${timestamp}">`,
    '    <properties>',
    ...props.map(([k, v]) => `      <property name="${xmlAttr(k)}" value="${xmlAttr(v)}"/>`),
    '    </properties>',
    ...r.objectives.map((o) => testcase(name, o)),
    ...(out.length ? [`    <system-out>${lines(out)}</system-out>`] : []),
    '  </testsuite>',
  ].join('\n');
}

function testcase(classname: string, o: ObjectiveResult): string {
  const open = `    <testcase classname="${classname}" name="${xmlAttr(`${o.id}: ${o.title}`)}" time="${seconds(o.durationMs)}">`;
  const verdict = o.status === 'pass'
    ? []
    : [`      <${o.status === 'fail' ? 'failure' : 'error'} message="${xmlAttr(o.message)}" type="${xmlAttr(failureType(o))}">${xmlText(`hint: ${o.hint}`)}</${o.status === 'fail' ? 'failure' : 'error'}>`];
  const out = checkLines(o);
  return [open, ...verdict, ...(out.length ? [`      <system-out>${lines(out)}</system-out>`] : []), '    </testcase>'].join('\n');
}

/**
 * The check that decided the verdict (`no-admin-policy`); when every check passed, what failed it
 * anyway: `drift` (fixed by hand on the deployed stack) or `out-of-scope` (the scope diff).
 */
function failureType(o: ObjectiveResult): string {
  const decided = o.checks.find((c) => c.status === o.status);
  if (decided) return decided.id;
  return (o as LiveObjectiveResult).drift?.length ? 'drift' : 'out-of-scope';
}
