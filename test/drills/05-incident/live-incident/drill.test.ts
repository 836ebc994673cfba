import * as path from 'path';
import drill from '../../../../drills/05-incident/live-incident/drill';
import { proveDrill } from '../../drill-proof';
import { documentVariant, variant } from '../../variant';

const lab = path.join(drill.dir, 'lab.ts');
const solution = path.join(drill.dir, 'solution.ts');
const TOPIC = "    const incidentTopic = new sns.Topic(this, 'IncidentTopic', { displayName: 'Status page incidents', enforceSSL: true });";

/** The reference runbook with an incident log edited as a student wrote it. */
const documents = (name: string, incidentEdits: ReadonlyArray<readonly [string, string]>) => documentVariant(drill, name, { 'INCIDENT.md': incidentEdits });

proveDrill(drill, [
  {
    name: 'paged through a topic that does not enforce TLS',
    labFile: variant(solution, 'plaintext-topic', [[TOPIC, "    const incidentTopic = new sns.Topic(this, 'IncidentTopic', { displayName: 'Status page incidents' });\n    Validations.of(incidentTopic).acknowledge({ id: 'AwsSolutions-SNS3', reason: 'internal' });"]]),
    failing: ['incident-paged'],
  },
  {
    name: 'paged on ALARM but never said the service recovered',
    labFile: variant(solution, 'no-ok-action', [['    healthyHosts.addOkAction(new actions.SnsAction(incidentTopic));\n', '']]),
    failing: ['incident-paged'],
  },
  {
    name: 'one-minute periods, but fifteen of them',
    labFile: variant(solution, 'many-periods', [['      evaluationPeriods: 3,\n      datapointsToAlarm: 2,\n', '      evaluationPeriods: 15,\n']]),
    failing: ['fast-detection'],
  },
  {
    name: 'deleted the alarm that noticed late',
    labFile: variant(lab, 'deleted-alarm', [["    new cloudwatch.Alarm(this, 'HealthyHostsAlarm', {", "    if (false) new cloudwatch.Alarm(this, 'HealthyHostsAlarm', {"]]),
    failing: ['incident-paged', 'fast-detection'],
  },
  {
    name: 'the incident log, written afterwards: Verify before Mitigate',
    labFile: solution,
    runbookFile: documents('log-out-of-order', [['2025-06-03T10:25:00Z The target', '2025-06-03T10:19:00Z The target']]),
    failing: ['incident-logged'],
  },
  {
    name: 'the incident log with one time copied into every step',
    labFile: solution,
    runbookFile: documents('log-one-time', [
      ['2025-06-03T10:17:00Z `aws elbv2', '2025-06-03T10:14:00Z `aws elbv2'],
      ['2025-06-03T10:21:00Z Restored', '2025-06-03T10:14:00Z Restored'],
      ['2025-06-03T10:25:00Z The target', '2025-06-03T10:14:00Z The target'],
      ['2025-06-03T10:40:00Z Closed', '2025-06-03T10:14:00Z Closed'],
    ]),
    failing: ['incident-logged'],
  },
  {
    name: 'the incident log without time zones',
    labFile: solution,
    runbookFile: documents('log-no-zone', [['2025-06-03T10:14:00Z The IncidentTopic', '10:14 on 2025-06-03 10:14 The IncidentTopic']]),
    failing: ['incident-logged'],
  },
  {
    name: 'the incident log blames "the network" instead of naming the rule',
    labFile: solution,
    runbookFile: documents('log-vague-root-cause', [[
      `The inbound rule on WebSecurityGroup allowing tcp port 80 from the load balancer's security group was
removed outside CloudFormation, so health checks and requests timed out.`,
      'Something in the network broke for a while and then it was fine again.',
    ]]),
    failing: ['incident-logged'],
  },
], [
  {
    name: 'three one-minute periods, all breaching',
    labFile: variant(solution, 'three-minutes', [['      evaluationPeriods: 3,\n      datapointsToAlarm: 2,\n', '      evaluationPeriods: 3,\n']]),
  },
]);
