// Static checks of the live-incident drill: how fast the alarm detects, and the incident log.
import { error, fail, pass } from '../../lib/model/verdict';
import { StaticCheck } from '../../lib/model/drill';
import { asList } from '../../lib/template/read';
import { locateResource } from '../../lib/checks';
import { incidentLogProblems, parseIncidentLog } from './incident-log';
import { section } from '../../lib/checks/documents/runbook';
import { ALARM } from '../../lib/checks/monitoring/static';

/** The alarm fires within `maxSeconds` of an outage: Period × (DatapointsToAlarm, else EvaluationPeriods). */
export function alarmDetectsWithin(id: string, alarmId: string, maxSeconds: number): StaticCheck {
  return {
    id,
    run: ({ template }) => {
      const alarm = locateResource(template, alarmId, ALARM);
      if (!alarm) return fail(`${alarmId} (${ALARM}) is missing from the template: fix it, don't delete it`);
      const p = alarm.resource.Properties ?? {};
      const period = Number(p.Period ?? Math.max(0, ...asList(p.Metrics as any[]).map((m: any) => Number(m?.MetricStat?.Period ?? 0))));
      const datapoints = Number(p.DatapointsToAlarm ?? p.EvaluationPeriods);
      if (!(period > 0) || !(datapoints > 0)) return fail(`${alarmId} has no period or evaluation periods the grader can read`);
      const seconds = period * datapoints;
      if (seconds > maxSeconds) return fail(`${alarmId} needs ${datapoints} breaching period(s) of ${period} s: an outage pages after ${seconds / 60} minutes, want at most ${maxSeconds / 60}`);
      return pass(`${alarmId} pages after ${datapoints} breaching period(s) of ${period} s (${seconds} s)`);
    },
  };
}

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
