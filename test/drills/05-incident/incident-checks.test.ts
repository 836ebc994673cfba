import * as path from 'path';
import { incidentFileBeside, incidentLogged } from '../../../drills/05-incident/incident-checks';
import type { StaticEvidence } from '../../../lib/model/drill';

const evidence = (file: string): StaticEvidence => ({
  template: {}, baseline: {}, nag: [], scope: { changes: [], violations: [] }, environment: { account: 'unknown-account', region: 'unknown-region' },
  runbook: { file, sections: [] },
});

describe('incident log beside the runbook', () => {
  test('RUNBOOK.md → INCIDENT.md, RUNBOOK.solution.md → INCIDENT.solution.md', () => {
    expect(incidentFileBeside('/ws/d/RUNBOOK.md')).toBe('/ws/d/INCIDENT.md');
    expect(incidentFileBeside('/lib/d/RUNBOOK.solution.md')).toBe('/lib/d/INCIDENT.solution.md');
    expect(incidentFileBeside('d/RUNBOOK.md')).toBe(path.resolve('d/INCIDENT.md'));
  });
  test('a missing incident log is an error (the check cannot run), never a pass', () => {
    expect(incidentLogged('x', {}).run(evidence('/no/such/dir/RUNBOOK.md'))).toEqual({ status: 'error', message: 'incident log not found: /no/such/dir/INCIDENT.md' });
    const { runbook: _omit, ...noRunbook } = evidence('/x');
    expect(incidentLogged('x', {}).run(noRunbook as StaticEvidence).status).toBe('error');
  });
});
