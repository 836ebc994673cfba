import { defineDrill } from '../../../lib/model/drill';
import { resourceHas, runbookCoversChanges, runbookSectionsFilled, want } from '../../../lib/checks';
import { liveAlarmsNotify, liveTreatMissingData } from '../../../lib/checks/monitoring/live';
import { liveIncidentTimeline } from '../incident-history';
import { RUNBOOK_SECTIONS } from '../../runbook-sections';
import { ALARM, alarmsNotify } from '../../../lib/checks/monitoring/static';
import { incidentLogged } from '../incident-checks';
import { alarmsDetect, Outage } from '../../../lib/checks/monitoring/detection';
import { fleetServedBy } from '../../../lib/checks/network/static';
import { revokeIngressFrom } from '../incident-inject';

/** The longest an outage may go unnoticed, in seconds. */
const MAX_DETECTION_SECONDS = 180;

/**
 * The incident `awswo inject` causes, as CloudWatch shows it: the load balancer's health checks time
 * out, HealthyHostCount of WebTargets drops to 0 (the web server is the only target), and while the
 * target group reports nothing its datapoints go missing. In normal operation it is 1.
 */
const INCIDENT: Outage = {
  alarm: 'HealthyHostsAlarm',
  what: 'the incident (no healthy web server)',
  detectWithinSeconds: MAX_DETECTION_SECONDS,
  // Recovery must be announced soon too: an alarm that stays in ALARM pages nobody for the next outage.
  clearWithinSeconds: 300,
  signals: [{
    namespace: 'AWS/ApplicationELB',
    metricName: 'HealthyHostCount',
    dimensions: { LoadBalancer: { loadBalancer: 'WebAlb' }, TargetGroup: { targetGroup: 'WebTargets' } },
    unit: 'Count',
    outage: { statistics: { Minimum: [0, 0], Maximum: [0, 0], Average: [0, 0], p: [0, 0] }, missing: 'sometimes' },
    normal: { statistics: { Minimum: [1, 1], Maximum: [1, 1], Average: [1, 1], p: [1, 1] } },
  }],
};

export default defineDrill({
  id: 'live-incident',
  module: '05',
  title: 'A live incident: observe, isolate, mitigate, verify, document',
  summary: 'While you are on call, the instructor breaks the status page; work the incident, write the incident log, and fix the alarm that noticed it late and paged nobody.',
  soaTasks: ['1.1', '1.2'],
  difficulty: 'stretch',
  estimatedCostPerHour: 0.04,
  dir: __dirname,
  documents: ['INCIDENT.md'],
  injection: revokeIngressFrom('WebSecurityGroup', 'AlbSecurityGroup', 80),
  runbook: { sections: RUNBOOK_SECTIONS },
  traps: [
    { id: 'alarm-pages-nobody', description: 'HealthyHostsAlarm has no action on ALARM or OK', objective: 'incident-paged', resource: 'HealthyHostsAlarm' },
    { id: 'slow-detection', description: 'HealthyHostsAlarm needs three 5-minute periods: 15 minutes to notice an outage', objective: 'fast-detection', resource: 'HealthyHostsAlarm' },
    { id: 'missing-data-ok', description: 'HealthyHostsAlarm treats missing data as not breaching', objective: 'fast-detection', resource: 'HealthyHostsAlarm' },
    { id: 'incident-log-blank', description: 'INCIDENT.md is the blank template', objective: 'incident-logged', resource: 'INCIDENT.md' },
    { id: 'runbook-unfilled', description: 'RUNBOOK.md is the blank template', objective: 'change-recorded', resource: 'RUNBOOK.md' },
  ],
  objectives: [
    {
      id: 'incident-paged',
      title: 'The outage alarm pages the on-call, and says so again when the service recovers',
      weight: 2,
      soaTask: '1.1',
      hint: 'Add an SNS topic with enforceSSL: true (e.g. IncidentTopic), and give HealthyHostsAlarm both an alarm action and an OK action on it.',
      checks: [alarmsNotify('alarm-and-ok-actions', ['HealthyHostsAlarm'], { okActions: true })],
      liveChecks: [liveAlarmsNotify('live-alarm-and-ok-actions', ['HealthyHostsAlarm'], { okActions: true })],
    },
    {
      id: 'fast-detection',
      title: `An outage is noticed within ${MAX_DETECTION_SECONDS / 60} minutes, and no data counts as an outage`,
      weight: 2,
      soaTask: '1.2',
      hint: 'Use one-minute periods with 2 of 3 datapoints breaching (period: Duration.minutes(1), evaluationPeriods: 3, datapointsToAlarm: 2), and treatMissingData: BREACHING.',
      checks: [
        alarmsDetect('detection-time', [INCIDENT]),
        resourceHas('missing-data-breaching', 'HealthyHostsAlarm', ALARM, [{ path: 'TreatMissingData', ...want.equals('breaching') }]),
        fleetServedBy('web-server-served', { loadBalancer: 'WebAlb', listener: 'WebAlb/Http', targetGroup: 'WebTargets', fleet: { instance: 'WebServer' }, port: 80 }),
      ],
      liveChecks: [liveTreatMissingData('live-missing-data-breaching', 'HealthyHostsAlarm', 'breaching')],
    },
    {
      id: 'incident-logged',
      title: 'INCIDENT.md records each step with its time, the evidence and the root cause, matching the alarm history',
      weight: 3,
      soaTask: '1.2',
      hint: 'Under each of Observe, Isolate, Mitigate, Verify and Document write the UTC time you did it (2025-06-01T10:42:00Z) and what you did; under Evidence the alarm and target health you saw; under Root cause the change that broke the service.',
      checks: [
        incidentLogged('incident-log', {
          'Evidence': [{ label: 'the alarm (HealthyHostsAlarm)', pattern: /HealthyHostsAlarm|HealthyHostCount/i }],
          'Root cause': [
            { label: 'the security group (WebSecurityGroup or its sg- id)', pattern: /WebSecurityGroup|\bsg-[0-9a-f]{8,}|security group/i },
            { label: 'the rule that was removed (port 80 from the load balancer)', pattern: /\b80\b/ },
          ],
        }),
      ],
      liveChecks: [liveIncidentTimeline('live-incident-timeline', { alarm: 'HealthyHostsAlarm', injectedOn: 'WebSecurityGroup' })],
    },
    {
      id: 'change-recorded',
      title: 'The runbook records the alarm change made after the incident',
      weight: 1,
      soaTask: '1.2',
      hint: 'Fill every section of RUNBOOK.md; under Record, name each resource you changed or added (HealthyHostsAlarm, IncidentTopic, ...).',
      checks: [runbookSectionsFilled('runbook-filled', RUNBOOK_SECTIONS), runbookCoversChanges('record-covers-diff', 'Record')],
    },
  ],
});
