import { incidentLogProblems, parseIncidentLog, parseTimestamp, stepAt } from '../../../drills/05-incident/incident-log';

const LOG = (times: string[]) => ['# Incident', ...['Observe', 'Isolate', 'Mitigate', 'Verify', 'Document'].map((s, i) => `## ${s}\n${times[i]} did the ${s.toLowerCase()} step properly`),
  '## Evidence\nHealthyHostsAlarm went to ALARM.', '## Root cause\nThe port 80 rule was removed from WebSecurityGroup.'].join('\n\n');

describe('parseTimestamp', () => {
  test.each([
    ['2025-06-03T10:14:00Z', '2025-06-03T10:14:00.000Z'],
    ['2025-06-03T10:14Z', '2025-06-03T10:14:00.000Z'],
    ['2025-06-03 10:14 UTC', '2025-06-03T10:14:00.000Z'],
    ['2025-06-03T12:14:00+02:00', '2025-06-03T10:14:00.000Z'],
    ['at 2025-06-03T12:14:00+0200 I saw', '2025-06-03T10:14:00.000Z'],
  ])('%s', (text, want) => expect(parseTimestamp(text).at?.toISOString()).toBe(want));
  test('no zone, no timestamp, impossible time', () => {
    expect(parseTimestamp('2025-06-03T10:14').problem).toMatch(/without a time zone/);
    expect(parseTimestamp('this morning').problem).toMatch(/no timestamp/);
    expect(parseTimestamp('2025-13-03T10:14:00Z').problem).toMatch(/impossible time/);
  });
});

describe('incident log', () => {
  test('a complete, ordered log has no problems', () => {
    const log = parseIncidentLog(LOG(['2025-06-03T10:14:00Z', '2025-06-03T10:17:00Z', '2025-06-03T10:21:00Z', '2025-06-03T10:25:00Z', '2025-06-03T10:40:00Z']));
    expect(incidentLogProblems(log)).toEqual([]);
    expect(stepAt(log, 'Verify')?.toISOString()).toBe('2025-06-03T10:25:00.000Z');
  });
  test('steps out of order and a step without a time', () => {
    const log = parseIncidentLog(LOG(['2025-06-03T10:14:00Z', '2025-06-03T10:12:00Z', '2025-06-03T10:21:00Z', '2025-06-03T10:25:00Z', '2025-06-03T10:40:00Z']));
    expect(incidentLogProblems(log)).toEqual(['INCIDENT.md: Isolate (2025-06-03T10:12:00Z) is before Observe (2025-06-03T10:14:00Z)']);
    const noTime = parseIncidentLog(LOG(['2025-06-03T10:14:00Z', 'later on', '2025-06-03T10:21:00Z', '2025-06-03T10:25:00Z', '2025-06-03T10:40:00Z']));
    expect(incidentLogProblems(noTime)).toEqual(['INCIDENT.md: Isolate has no timestamp (write 2025-06-01T10:42:00Z)']);
  });
  test('missing and empty sections; the HTML guidance of the template is not content', () => {
    const log = parseIncidentLog('# Incident\n\n## Observe\n<!-- when? -->\n\n## Isolate\nTBD\n');
    expect(incidentLogProblems(log)).toEqual([
      'INCIDENT.md has no section "## Mitigate", "## Verify", "## Document", "## Evidence", "## Root cause"',
      'INCIDENT.md: fill in "Observe", "Isolate"',
    ]);
  });
});
