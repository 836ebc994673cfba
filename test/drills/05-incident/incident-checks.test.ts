import * as fs from 'fs';
import * as path from 'path';
import { incidentLogged } from '../../../drills/05-incident/incident-checks';
import type { StaticEvidence } from '../../../lib/model/drill';

const evidence = (documents: StaticEvidence['documents'] = {}): StaticEvidence => ({
  template: {}, baseline: {}, nag: [], scope: { changes: [], violations: [] }, environment: { account: 'unknown-account', region: 'unknown-region' },
  identity: { student: 'sam-12a', account: '123456789013', region: 'eu-south-2', expiresAt: '2031-01-01T00:00:00Z' },
  runbook: { file: 'RUNBOOK.md', sections: [] }, documents,
});

describe('incident log', () => {
  test('an incident log the grader did not read is an error (the check cannot run), never a pass', () => {
    expect(incidentLogged('x', {}).run(evidence())).toEqual({ status: 'error', message: 'the grader read no INCIDENT.md with this lab: the drill must declare it in its documents' });
  });
  test('the blank template fails, naming the file', () => {
    const blank = fs.readFileSync(path.join(__dirname, '../../../drills/05-incident/live-incident/INCIDENT.md'), 'utf8');
    const v = incidentLogged('x', {}).run(evidence({ 'INCIDENT.md': { file: 'drills/05-incident/live-incident/INCIDENT.md', text: blank } }));
    expect(v).toMatchObject({ status: 'fail', message: expect.stringContaining('INCIDENT.md') });
  });
});
