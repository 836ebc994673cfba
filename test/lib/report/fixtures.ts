import type { CheckResult, GradeResult, ObjectiveResult } from '../../../lib/model/result';
import type { LiveCheckResult, LiveGradeResult } from '../../../lib/model/live-result';
import { score } from '../../../lib/grading/scoring';
import { buildReport, Report, ReportOptions } from '../../../lib/report';

/** A report of these results, scored the way the grading flow scores them. */
export function reportOf(results: readonly GradeResult[], workspace: string, kind: Report['kind'] = 'static', options: ReportOptions = {}): Report {
  return buildReport(results, score(results), workspace, kind, options);
}

/** Reports built by hand, so each format is tested on every kind of result without synthesizing a lab. */

export const AT = new Date('2025-06-01T10:00:00.000Z');

export function objective(id: string, status: ObjectiveResult['status'], over: Partial<ObjectiveResult> = {}): ObjectiveResult {
  const checks: CheckResult[] = [{ id: `${id}-check`, status, message: `${id} check says ${status}` }];
  return { id, title: `Objective ${id}`, status, message: `${id} is ${status}`, hint: `hint for ${id}`, soaTask: '4.1', weight: 2, checks, durationMs: 1.5, ...over };
}

export function drill(id: string, objectives: readonly ObjectiveResult[], over: Partial<GradeResult> = {}): GradeResult {
  return {
    drill: id,
    module: '02',
    title: `Drill ${id}`,
    passed: objectives.every((o) => o.status === 'pass'),
    status: objectives.some((o) => o.status === 'error') ? 'error' : objectives.every((o) => o.status === 'pass') ? 'pass' : 'fail',
    objectives,
    scope: { changes: [], violations: [] },
    acknowledgements: [],
    durationMs: 1200,
    ...over,
  };
}

const liveCheck: LiveCheckResult = {
  id: 'alarm-notifies',
  kind: 'live',
  status: 'fail',
  message: 'ErrorsAlarm has no alarm action',
  evidence: [{ call: 'cloudwatch:DescribeAlarms', request: { AlarmNames: ['awswo-alice-errors'] }, observed: { AlarmActions: [], StateValue: 'OK' } }],
  waits: [{ what: 'the alarm to exist', waitedMs: 1500, attempts: 3, outcome: 'ready' }],
};

export function liveDrill(): LiveGradeResult {
  const base = drill('silent-alarms', [
    { ...objective('alarm-action', 'fail', { soaTask: '1.2', weight: 3 }), checks: [{ id: 'static-action', status: 'pass', message: 'the template has an action' }, liveCheck] },
  ], { module: '05' });
  return {
    ...base,
    objectives: base.objectives.map((o) => ({ ...o, drift: ['ErrorsAlarm: AlarmActions changed outside CloudFormation'] })),
    live: {
      student: 'alice',
      stackName: 'awswo-alice-silent-alarms',
      stackStatus: 'UPDATE_COMPLETE',
      region: 'eu-west-1',
      regionSource: 'AWS_REGION',
      endpoint: 'http://localhost:5000',
      drift: { checked: true, stackStatus: 'DRIFTED', drifted: [{ logicalId: 'ErrorsAlarm1', constructId: 'ErrorsAlarm', type: 'AWS::CloudWatch::Alarm', status: 'MODIFIED', properties: ['/AlarmActions'] }] },
      waits: [],
      warnings: ['the stack was rolled back once'],
    },
  };
}

/** Every status, a live drill, a scope diff with a violation, acknowledgements and one approval. */
export function sampleReport(options: ReportOptions = {}): Report {
  const iam = drill('iam-wildcard-role', [
    objective('no-admin', 'pass', { weight: 3 }),
    objective('no-wildcard', 'fail', { weight: 2, soaTask: '4.2' }),
    objective('runbook', 'error', { weight: 1, soaTask: '1.1', message: 'check could not run: RUNBOOK.md is missing' }),
  ], {
    scope: {
      changes: [
        { logicalId: 'OpsRole1', path: 'OpsRole/Resource', constructId: 'OpsRole', type: 'AWS::IAM::Role', kind: 'updated', properties: ['ManagedPolicyArns'] },
        { logicalId: 'Bucket1', path: 'ReportsBucket/Resource', constructId: 'ReportsBucket', type: 'AWS::S3::Bucket', kind: 'replaced', properties: ['BucketName'], replacedBy: ['BucketName'] },
      ],
      violations: ['ReportsBucket (AWS::S3::Bucket) would be replaced (BucketName changed): its data would be lost'],
    },
    acknowledgements: [
      // The student's, in the lab's own wording: what marks it is `byLab`, never the reason's prefix.
      { rule: 'AwsSolutions-IAM5', path: 'OpsRole/DefaultPolicy/Resource', reason: 'LAB: the student says it is fine', byLab: false },
      { rule: 'AwsSolutions-S1', path: 'ReportsBucket/Bucket', reason: 'LAB: the lab\'s own reason', byLab: true },
    ],
  });
  const ok = drill('access-denied-parameter', [objective('reads-config', 'pass', { weight: 2, soaTask: '4.1' })]);
  return reportOf([iam, ok, liveDrill()], '/work/class/alice', 'live', {
    generatedAt: AT,
    reviews: { 'access-denied-parameter': { state: 'APPROVED', reviewer: 'ana', at: '2025-06-02T09:00:00Z' } },
    ...options,
  });
}

/** Student input at its worst: every kind of control character, markup of each format, a very long run. */
export const HOSTILE =
  'a\u0000b \u001b[31mred\u001b[0m \u0007bell \u0008\u007f \u009b2J\r\n  PASS  forged line | pipe | cell ' +
  '<script>window.__pwned = 1</script> <img src="http://127.0.0.1:9/x.png" onerror="window.__pwned = 2"> ]]> ' +
  '\ud800lone high \udc00lone low \u202eevil\u202c \u2028sep `tick` *bold* _em_ [link](http://127.0.0.1:9/) &amp; &lt; "quoted" \'single\' ' +
  '<!-- comment --> \ufeffbom \uffff ' +
  'x'.repeat(6000) +
  ' END';

/** A report whose every student-controlled field is HOSTILE. */
export function hostileReport(): Report {
  const h = (tag: string) => `${tag}: ${HOSTILE}`;
  const o = (status: ObjectiveResult['status']): ObjectiveResult => ({
    id: h('id'), title: h('title'), status, message: h('message'), hint: h('hint'), soaTask: '4.1', weight: 1, durationMs: 1,
    checks: [{ id: h('check'), status, message: h('check message') }],
  });
  const base = drill('iam-wildcard-role', [o('pass'), o('fail'), o('error')], {
    scope: {
      changes: [{ logicalId: 'X1', path: h('path'), constructId: h('construct'), type: 'AWS::IAM::Role', kind: 'added', properties: [h('property')] }],
      violations: [h('violation')],
    },
    acknowledgements: [{ rule: h('rule'), path: h('ack path'), reason: h('reason'), byLab: false }],
  });
  const live = liveDrill();
  const liveHostile: LiveGradeResult = {
    ...live,
    drill: 'silent-alarms',
    objectives: live.objectives.map((x) => ({
      ...x,
      message: h('live message'),
      drift: [h('drift')],
      checks: x.checks.map((c) => ('kind' in c ? { ...c, message: h('live check'), evidence: [{ call: 'cloudwatch:DescribeAlarms', request: { AlarmNames: [h('alarm')] }, observed: { AlarmActions: [h('action')] } }] } : c)),
    })),
    live: { ...live.live, warnings: [h('warning')] },
  };
  return reportOf([base, liveHostile], h('workspace'), 'live', { generatedAt: AT, reviews: { 'iam-wildcard-role': { state: 'REJECTED', reviewer: h('reviewer'), at: AT.toISOString(), reason: h('reason') } } });
}

/** C0 (but line feed), DEL, C1, bidirectional controls, separators, BOM, non-characters, lone surrogates. */
export const RAW_UNSAFE = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2028\u2029\u2066-\u2069\ufeff\ufffe\uffff]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

/** The first raw unsafe character in `s`, briefly (`U+001B at 120: "...context..."`), or undefined. */
export function rawUnsafe(s: string): string | undefined {
  const m = RAW_UNSAFE.exec(s);
  if (!m) return undefined;
  return `U+${m[0].charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')} at ${m.index}: ${JSON.stringify(s.slice(Math.max(0, m.index - 40), m.index + 10))}`;
}
