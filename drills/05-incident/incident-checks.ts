// Static checks of the live-incident drill: the incident log (how fast the alarm detects is lib/checks/monitoring/detection.ts).
import { error, fail, pass } from '../../lib/model/verdict';
import { StaticCheck } from '../../lib/model/drill';
import { incidentLogProblems, parseIncidentLog } from './incident-log';
import { section } from '../../lib/checks/documents/runbook';

export interface Mention {
  readonly label: string;
  readonly pattern: RegExp;
}

/**
 * INCIDENT.md has every section filled, a zoned timestamp per workflow step in order, and the named
 * sections mention what they must (e.g. Root cause names the security group rule).
 */
export function incidentLogged(id: string, mentions: Readonly<Record<string, readonly Mention[]>>): StaticCheck {
  return {
    id,
    run: (e) => {
      const doc = e.documents['INCIDENT.md'];
      if (!doc) return error('the grader read no INCIDENT.md with this lab: the drill must declare it in its documents');
      const shown = doc.file;
      const log = parseIncidentLog(doc.text, shown);
      const problems = incidentLogProblems(log);
      if (problems.length) return fail(problems.join('; '));
      for (const [title, terms] of Object.entries(mentions)) {
        const text = section(log.runbook, title)!.text;
        const missing = terms.filter((t) => !t.pattern.test(text));
        if (missing.length) return fail(`${shown}: the "${title}" section does not name ${missing.map((t) => t.label).join(', ')}`);
      }
      const first = log.steps[0].written;
      const last = log.steps[log.steps.length - 1].written;
      return pass(`${shown}: every step has a time, in order (${first} to ${last})`);
    },
  };
}
