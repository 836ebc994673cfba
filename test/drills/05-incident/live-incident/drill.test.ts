import * as path from 'path';
import drill from '../../../../drills/05-incident/live-incident/drill';
import { proveDrill } from '../../drill-proof';
import { documentVariant, variant } from '../../variant';

const lab = path.join(drill.dir, 'lab.ts');
const solution = path.join(drill.dir, 'solution.ts');
const IMPORTS = "import { Construct } from 'constructs';";
const MORE_IMPORTS = `${IMPORTS}\nimport { Aws, CfnCondition, CfnResource, Fn, RemovalPolicy } from 'aws-cdk-lib';\nimport * as iam from 'aws-cdk-lib/aws-iam';\nimport * as kms from 'aws-cdk-lib/aws-kms';`;
const OK_ACTION = '    healthyHosts.addOkAction(new actions.SnsAction(incidentTopic));\n';
const NEVER = "    const never = new CfnCondition(this, 'Never', { expression: Fn.conditionEquals(Aws.REGION, 'xx-nowhere-1') });\n";
/** The solution with the web server registered with WebTargets as `targets` (written into the template). */
const registered = (name: string, targets: string) => variant(solution, name, [
  ["import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';\n", "import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';\nimport * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';\n"],
  [TOPIC, `    (web.targetGroup.node.defaultChild as elbv2.CfnTargetGroup).targets = ${targets};\n${TOPIC}`],
]);
const TOPIC = "    const incidentTopic = new sns.Topic(this, 'IncidentTopic', { displayName: 'Status page incidents', enforceSSL: true });";

const METRIC = '      metric: web.targetGroup.metrics.healthyHostCount({ statistic: cloudwatch.Stats.MINIMUM, period: Duration.minutes(1) }),\n';
const SETTINGS = `${METRIC}      threshold: 1,\n      evaluationPeriods: 3,\n      datapointsToAlarm: 2,\n`;
const settings = (text: string) => variant(solution, `settings-${text.replace(/[^a-z0-9]+/gi, '-').toLowerCase()}`, [[SETTINGS, text]]);
const math = (expression: string) => `      metric: new cloudwatch.MathExpression({ expression: '${expression}', period: Duration.minutes(1), usingMetrics: { hosts: web.targetGroup.metrics.healthyHostCount({ statistic: cloudwatch.Stats.MINIMUM }) } }),\n`;

/** The reference runbook with an incident log edited as a student wrote it. */
const documents = (name: string, incidentEdits: ReadonlyArray<readonly [string, string]>) => documentVariant(drill, name, { 'INCIDENT.md': incidentEdits });

proveDrill(drill, [
  {
    name: 'paged through a topic that does not enforce TLS',
    labFile: variant(solution, 'plaintext-topic', [[IMPORTS, `${IMPORTS}\nimport { Validations } from 'aws-cdk-lib';`], [TOPIC, "    const incidentTopic = new sns.Topic(this, 'IncidentTopic', { displayName: 'Status page incidents' });\n    Validations.of(incidentTopic).acknowledge({ id: 'AwsSolutions-SNS3', reason: 'internal' });"]]),
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
  {
    name: 'a deny of sns:Publish to CloudWatch on the incident topic',
    labFile: variant(solution, 'topic-denies-cloudwatch', [
      [IMPORTS, MORE_IMPORTS],
      [OK_ACTION, `${OK_ACTION}    incidentTopic.addToResourcePolicy(new iam.PolicyStatement({ effect: iam.Effect.DENY, principals: [new iam.ServicePrincipal('cloudwatch.amazonaws.com')], actions: ['sns:Publish'], resources: [incidentTopic.topicArn] }));\n`],
    ]),
    failing: ['incident-paged'],
    because: /denies sns:Publish to CloudWatch, so no alarm notification gets through/,
  },
  {
    name: 'encrypted the incident topic with a key CloudWatch may not use',
    labFile: variant(solution, 'topic-key-without-cloudwatch', [
      [IMPORTS, MORE_IMPORTS],
      [TOPIC, "    const incidentTopic = new sns.Topic(this, 'IncidentTopic', { displayName: 'Status page incidents', enforceSSL: true, masterKey: new kms.Key(this, 'TopicKey', { enableKeyRotation: true, removalPolicy: RemovalPolicy.DESTROY }) });"],
    ]),
    failing: ['incident-paged'],
    because: /whose key policy does not let cloudwatch\.amazonaws\.com kms:Decrypt and kms:GenerateDataKey\*/,
  },
  {
    name: 'put the incident topic behind a condition no region meets (the stack then deploys nowhere)',
    labFile: variant(solution, 'topic-never', [
      [IMPORTS, MORE_IMPORTS],
      [OK_ACTION, `${OK_ACTION}${NEVER}    for (const c of incidentTopic.node.findAll()) if (c instanceof CfnResource) c.cfnOptions.condition = never;\n`],
    ]),
    failing: [],
    refused: /the template deploys nowhere: every deployment: HealthyHostsAlarm\w* refers to IncidentTopic\w*, which the conditions remove/,
  },
  {
    name: 'gave the alarm its OK action only in a region that does not exist',
    labFile: variant(solution, 'ok-action-fake-region', [
      [IMPORTS, MORE_IMPORTS],
      [OK_ACTION, `${OK_ACTION}${NEVER}    (healthyHosts.node.defaultChild as cloudwatch.CfnAlarm).addPropertyOverride('OKActions', Fn.conditionIf(never.logicalId, [incidentTopic.topicArn], Aws.NO_VALUE));\n`],
    ]),
    failing: ['incident-paged'],
    because: /HealthyHostsAlarm has no OK action/,
  },
  // Semantics: the alarm must detect the incident the injection causes, in time, and clear in time.
  {
    name: 'two of three periods, but fifteen-minute ones',
    labFile: settings(`${METRIC.replace('Duration.minutes(1)', 'Duration.minutes(15)')}      threshold: 1,\n      evaluationPeriods: 3,\n      datapointsToAlarm: 2,\n`),
    failing: ['fast-detection'],
    because: /HealthyHostsAlarm needs 2 breaching period\(s\) of 900 s: the incident \(no healthy web server\) pages after 30 minutes, want at most 3/,
  },
  {
    name: 'one breaching minute out of a day: pages fast, then stays in ALARM for a day',
    labFile: settings(`${METRIC}      threshold: 1,\n      evaluationPeriods: 1440,\n      datapointsToAlarm: 1,\n`),
    failing: ['fast-detection'],
    because: /HealthyHostsAlarm evaluates 1440 periods of 60 s for 1 breaching: after recovery it stays in ALARM 1440 minutes/,
  },
  {
    name: 'a threshold of 0 healthy hosts (fewer than none)',
    labFile: settings(`${METRIC}      threshold: 0,\n      evaluationPeriods: 3,\n      datapointsToAlarm: 2,\n`),
    failing: ['fast-detection'],
    because: /HealthyHostsAlarm can never fire: during the incident \(no healthy web server\) its value is 0, never < 0/,
  },
  {
    name: 'the Maximum of HealthyHostCount above 1 (inverted)',
    labFile: variant(solution, 'inverted', [['comparisonOperator: cloudwatch.ComparisonOperator.LESS_THAN_THRESHOLD,', 'comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,']]),
    failing: ['fast-detection'],
    because: /HealthyHostsAlarm can never fire/,
  },
  {
    name: 'the SampleCount of HealthyHostCount, which says how many datapoints, not how many hosts',
    labFile: settings(`${METRIC.replace('cloudwatch.Stats.MINIMUM', 'cloudwatch.Stats.SAMPLE_COUNT')}      threshold: 1,\n      evaluationPeriods: 3,\n      datapointsToAlarm: 2,\n`),
    failing: ['fast-detection'],
    because: /SampleCount of AWS\/ApplicationELB HealthyHostCount does not show the incident/,
  },
  {
    name: 'a math expression multiplying the metric by zero',
    labFile: variant(solution, 'math-times-zero', [[METRIC, math('hosts * 0')]]),
    failing: ['fast-detection'],
    because: /HealthyHostsAlarm's expression is the constant 0: it watches no metric/,
  },
  {
    name: 'FILL(hosts, 1): the missing datapoints of the incident look healthy, though missing data is "breaching"',
    labFile: variant(solution, 'math-fill-one', [[METRIC, math('FILL(hosts, 1)')]]),
    failing: ['fast-detection'],
    because: /HealthyHostsAlarm may stay silent: during the incident \(no healthy web server\) its value is 0 to 1/,
  },
  {
    name: 'DIFF(hosts), outside the math the grader evaluates: refused, not passed',
    labFile: variant(solution, 'math-diff', [[METRIC, math('DIFF(hosts)')]]),
    failing: [],
    erroring: ['fast-detection'],
    because: /HealthyHostsAlarm: "DIFF\(hosts\)" uses DIFF\(\), which is outside/,
  },
  {
    name: 'took the web server out of WebTargets, so the alarm watches an empty target group',
    labFile: registered('server-detached', '[]'),
    failing: ['fast-detection'],
    because: /WebServer is not a target of WebTargets/,
  },
  {
    name: 'registered the web server on port 8080, where nothing answers',
    labFile: registered('server-wrong-port', '[{ id: web.instance!.instanceId, port: 8080 }]'),
    failing: ['fast-detection'],
    because: /WebServer is registered with WebTargets on port 8080, but it serves on 80/,
  },
], [
  {
    name: 'encrypted the incident topic with a key whose policy lets CloudWatch use it',
    labFile: variant(solution, 'topic-key-for-cloudwatch', [
      [IMPORTS, MORE_IMPORTS],
      // The key lives in the IncidentTopic construct, so the runbook's Record (which names IncidentTopic) covers it.
      [TOPIC, `    const paging = new Construct(this, 'IncidentTopic');
    const topicKey = new kms.Key(paging, 'Key', { enableKeyRotation: true, removalPolicy: RemovalPolicy.DESTROY });
    topicKey.grant(new iam.ServicePrincipal('cloudwatch.amazonaws.com'), 'kms:Decrypt', 'kms:GenerateDataKey*');
    const incidentTopic = new sns.Topic(paging, 'Resource', { displayName: 'Status page incidents', enforceSSL: true, masterKey: topicKey });`],
    ]),
  },
  {
    name: 'three one-minute periods, all breaching',
    labFile: variant(solution, 'three-minutes', [['      evaluationPeriods: 3,\n      datapointsToAlarm: 2,\n', '      evaluationPeriods: 3,\n']]),
  },
  {
    name: 'at most 0 healthy hosts, one of one-minute periods',
    labFile: variant(solution, 'at-most-zero', [
      [SETTINGS, `${METRIC}      threshold: 0,\n      evaluationPeriods: 1,\n`],
      ['comparisonOperator: cloudwatch.ComparisonOperator.LESS_THAN_THRESHOLD,', 'comparisonOperator: cloudwatch.ComparisonOperator.LESS_THAN_OR_EQUAL_TO_THRESHOLD,'],
    ]),
  },
  {
    name: 'FILL(hosts, 0) below 1: a target group that stops reporting counts as no healthy host',
    labFile: variant(solution, 'math-fill-zero', [[METRIC, math('FILL(hosts, 0)')]]),
  },
]);
