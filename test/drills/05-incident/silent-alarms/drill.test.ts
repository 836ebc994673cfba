import * as path from 'path';
import drill from '../../../../drills/05-incident/silent-alarms/drill';
import { proveDrill } from '../../drill-proof';
import { documentVariant, variant } from '../../variant';

const lab = path.join(drill.dir, 'lab.ts');
const solution = path.join(drill.dir, 'solution.ts');

const IMPORTS = "import { Construct } from 'constructs';";
const MORE_IMPORTS = `${IMPORTS}\nimport { Aspects, Aws, CfnCondition, Fn, Tags, Token } from 'aws-cdk-lib';\nimport * as iam from 'aws-cdk-lib/aws-iam';\nimport * as lambda from 'aws-cdk-lib/aws-lambda';\nimport * as events from 'aws-cdk-lib/aws-events';\nimport * as eventsTargets from 'aws-cdk-lib/aws-events-targets';\nimport * as budgets from 'aws-cdk-lib/aws-budgets';\nimport * as scheduler from 'aws-cdk-lib/aws-scheduler';`;
const HEALTHY_HOSTS = "    const healthyHosts = new cloudwatch.Alarm(this, 'HealthyHostsAlarm', {";
const END = '    serviceDown.addOkAction(notify);\n';
/** A condition no region satisfies, declared in the stack. */
const NEVER = "    const never = new CfnCondition(this, 'Never', { expression: Fn.conditionEquals(Aws.REGION, 'xx-nowhere-1') });\n";
/** A function of the lab's own that could change anything its role may. */
const REVERTER = "    const reverter = new lambda.Function(this, 'Reverter', { runtime: lambda.Runtime.NODEJS_22_X, handler: 'index.handler', code: lambda.Code.fromInline('exports.handler = async () => { /* puts the alarm back the way it was */ };') });\n";

const HOSTS_METRIC = '      metric: web.targetGroup.metrics.healthyHostCount({ statistic: cloudwatch.Stats.MINIMUM, period: Duration.minutes(1) }),\n';
const HOSTS_SETTINGS = `${HOSTS_METRIC}      threshold: 1,\n      evaluationPeriods: 2,\n`;
const ERRORS_METRIC = '      metric: web.alb.metrics.httpCodeTarget(elbv2.HttpCodeTarget.TARGET_5XX_COUNT, { statistic: cloudwatch.Stats.SUM, period: Duration.minutes(1) }),\n';
const LATENCY_METRIC = '      metric: web.alb.metrics.targetResponseTime({ statistic: cloudwatch.Stats.percentile(90), period: Duration.minutes(1) }),\n';
/** Code the solution runs after its WebTier is built. */
const AFTER_WEB_TIER = "    const db = new LabPostgres(this, 'OrdersDb',";
const TARGETS_IMPORT: readonly [string, string] = ["import * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';\n", "import * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';\nimport * as targets from 'aws-cdk-lib/aws-elasticloadbalancingv2-targets';\n"];
/** The listener's default action, rewritten in the template. */
const listenerActions = (actions: string) => `    (web.listener.node.defaultChild as elbv2.CfnListener).defaultActions = ${actions};\n`;
/** The solution with `code` after its WebTier (and the load balancer targets imported). */
const afterWebTier = (name: string, code: string) => variant(solution, name, [TARGETS_IMPORT, [AFTER_WEB_TIER, code + AFTER_WEB_TIER]]);
/** A second target group with the web server in it and the default health check ("/"). */
const SPARE = "    const spare = new elbv2.ApplicationTargetGroup(this, 'SpareTargets', { vpc, port: 80, protocol: elbv2.ApplicationProtocol.HTTP, targets: [new targets.InstanceTarget(web.instance!, 80)] });\n";
/** The alarm's metric replaced by a math expression over it (`hosts` is HealthyHostCount, `errors` the 5xx count). */
const hostsMath = (expression: string) => `      metric: new cloudwatch.MathExpression({ expression: '${expression}', period: Duration.minutes(1), usingMetrics: { hosts: web.targetGroup.metrics.healthyHostCount({ statistic: cloudwatch.Stats.MINIMUM }) } }),\n`;
const errorsMath = (expression: string, more = '') => `      metric: new cloudwatch.MathExpression({ expression: '${expression}', period: Duration.minutes(1), usingMetrics: { errors: web.alb.metrics.httpCodeTarget(elbv2.HttpCodeTarget.TARGET_5XX_COUNT, { statistic: cloudwatch.Stats.SUM })${more} } }),\n`;

const COMPOSITE_RULE = `      alarmRule: cloudwatch.AlarmRule.anyOf(
        cloudwatch.AlarmRule.fromAlarm(healthyHosts, cloudwatch.AlarmState.ALARM),
        cloudwatch.AlarmRule.fromAlarm(http5xx, cloudwatch.AlarmState.ALARM),
      ),`;

proveDrill(drill, [
  {
    name: 'deleted the alarms that were wrong instead of fixing them',
    labFile: variant(lab, 'deleted-alarms', [
      ["    const http5xx = new cloudwatch.Alarm(this, 'Http5xxAlarm', {", "    /* alarms deleted\n    const http5xx = new cloudwatch.Alarm(this, 'Http5xxAlarm', {"],
      ["    const dbCpu = new cloudwatch.Alarm(this, 'DbCpuAlarm', {", "    */\n    const dbCpu = new cloudwatch.Alarm(this, 'DbCpuAlarm', {"],
    ]),
    failing: ['alarms-notify', 'alarms-watch-the-service', 'outage-not-hidden', 'service-down-alarm'],
  },
  {
    name: 'acknowledged every cdk-nag finding for the whole stack',
    labFile: variant(lab, 'silenced-nag', [
      ['    super(scope, id, props);\n', "    super(scope, id, props);\n    for (const id of ['AwsSolutions-SNS3', 'AwsSolutions-VPC7', 'Awswo-LogGroupHasRetention']) {\n      Validations.of(this).acknowledge({ id, reason: 'reviewed, fine for now' });\n    }\n"],
    ]),
    failing: ['topic-enforces-tls', 'logs-expire', 'vpc-flow-logs'],
  },
  {
    name: 'routed every alarm to a new topic that does not enforce TLS',
    labFile: variant(solution, 'plaintext-topic', [
      [IMPORTS, `${IMPORTS}\nimport { Validations } from 'aws-cdk-lib';`],
      ['    const notify = new actions.SnsAction(opsTopic);', "    const pager = new sns.Topic(this, 'PagerTopic', { displayName: 'pager' });\n    Validations.of(pager).acknowledge({ id: 'AwsSolutions-SNS3', reason: 'internal only' });\n    const notify = new actions.SnsAction(pager);"],
    ]),
    failing: ['alarms-notify', 'service-down-alarm'],
  },
  {
    name: 'built the composite alarm over the wrong alarms',
    labFile: variant(solution, 'composite-wrong-alarms', [
      [COMPOSITE_RULE, '      alarmRule: cloudwatch.AlarmRule.anyOf(latency, dbCpu),'],
    ]),
    failing: ['service-down-alarm'],
  },
  {
    name: 'made the composite alarm need both alarms at once (AND)',
    labFile: variant(solution, 'composite-and', [
      [COMPOSITE_RULE, '      alarmRule: cloudwatch.AlarmRule.allOf(healthyHosts, http5xx),'],
    ]),
    failing: ['service-down-alarm'],
  },
  {
    name: 'silenced the alarm actions (actionsEnabled: false) and typed the load balancer name by hand',
    labFile: variant(solution, 'actions-disabled', [
      ["      alarmDescription: 'No healthy web server behind the load balancer',", "      alarmDescription: 'No healthy web server behind the load balancer',\n      actionsEnabled: false,"],
      ["      alarmDescription: 'Orders service down: no healthy web server, or it answers with 5xx errors',", "      alarmDescription: 'Orders service down: no healthy web server, or it answers with 5xx errors',\n      actionsEnabled: false,"],
      [
        '      metric: web.alb.metrics.httpCodeTarget(elbv2.HttpCodeTarget.TARGET_5XX_COUNT, { statistic: cloudwatch.Stats.SUM, period: Duration.minutes(1) }),',
        "      metric: web.alb.metrics.httpCodeTarget(elbv2.HttpCodeTarget.TARGET_5XX_COUNT, { statistic: cloudwatch.Stats.SUM, period: Duration.minutes(1), dimensionsMap: { LoadBalancer: 'app/awswo-grader-orders/1234567890abcdef' } }),",
      ],
    ]),
    failing: ['alarms-notify', 'alarms-watch-the-service'],
  },
  // Identity: the checks judge the resource the baseline names, whatever its construct path says.
  {
    name: 'kept the broken alarm under another construct id (overrideLogicalId) and put a fixed decoy at HealthyHostsAlarm',
    labFile: variant(solution, 'decoy-alarm', [
      [HEALTHY_HOSTS, `    const broken = new cloudwatch.Alarm(this, 'OldHealthyHosts', {
      metric: web.targetGroup.metrics.healthyHostCount({ statistic: cloudwatch.Stats.MINIMUM, period: Duration.minutes(1) }),
      threshold: 1, evaluationPeriods: 2, comparisonOperator: cloudwatch.ComparisonOperator.LESS_THAN_THRESHOLD,
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
    });
    (broken.node.defaultChild as cloudwatch.CfnAlarm).overrideLogicalId('HealthyHostsAlarm981A3ACD');
${HEALTHY_HOSTS}`],
      [END, `${END}    (healthyHosts.node.defaultChild as cloudwatch.CfnAlarm).overrideLogicalId('HealthyHostsDecoy');\n`],
    ]),
    failing: ['alarms-notify', 'outage-not-hidden'],
    because: /HealthyHostsAlarm has no alarm action|HealthyHostsAlarm: TreatMissingData is notBreaching/,
  },
  // Conditions: a fix CloudFormation never deploys is no fix.
  {
    name: 'made treatMissingData breaching only in a region that does not exist (Fn::If)',
    labFile: variant(solution, 'breaching-fake-region', [
      [IMPORTS, MORE_IMPORTS],
      [END, `${END}${NEVER}    (healthyHosts.node.defaultChild as cloudwatch.CfnAlarm).treatMissingData = Fn.conditionIf(never.logicalId, 'breaching', 'notBreaching').toString();\n`],
    ]),
    failing: ['outage-not-hidden'],
    because: /HealthyHostsAlarm: TreatMissingData is notBreaching/,
  },
  {
    name: 'put the composite alarm behind a condition that is true in no region',
    labFile: variant(solution, 'composite-never', [
      [IMPORTS, MORE_IMPORTS],
      [END, `${END}${NEVER}    (serviceDown.node.defaultChild as cloudwatch.CfnCompositeAlarm).cfnOptions.condition = never;\n`],
    ]),
    failing: ['service-down-alarm'],
    because: /the lab has no AWS::CloudWatch::CompositeAlarm/,
  },
  {
    name: 'gave HealthyHostsAlarm its alarm action only in us-east-1',
    labFile: variant(solution, 'actions-us-east-1', [
      [IMPORTS, MORE_IMPORTS],
      [END, `${END}    const virginia = new CfnCondition(this, 'Virginia', { expression: Fn.conditionEquals(Aws.REGION, 'us-east-1') });\n    (healthyHosts.node.defaultChild as cloudwatch.CfnAlarm).addPropertyOverride('AlarmActions', Fn.conditionIf(virginia.logicalId, [opsTopic.topicArn], Aws.NO_VALUE));\n    (serviceDown.node.defaultChild as cloudwatch.CfnCompositeAlarm).cfnOptions.condition = virginia;\n`],
    ]),
    failing: ['alarms-notify', 'service-down-alarm'],
    because: /^in every region except us-east-1: /,
  },
  // Undone after deploy: the topic or the suppressor silences the page.
  {
    name: 'added a deny-all statement to the topic policy of OpsTopic',
    labFile: variant(solution, 'topic-deny-all', [
      [IMPORTS, MORE_IMPORTS],
      [END, `${END}    opsTopic.addToResourcePolicy(new iam.PolicyStatement({ effect: iam.Effect.DENY, principals: [new iam.AnyPrincipal()], actions: ['sns:Publish'], resources: [opsTopic.topicArn] }));\n`],
    ]),
    failing: ['alarms-notify', 'service-down-alarm'],
    because: /denies sns:Publish to CloudWatch, so no alarm notification gets through/,
  },
  {
    name: 'denied cloudwatch.amazonaws.com sns:* on OpsTopic',
    labFile: variant(solution, 'topic-deny-cloudwatch', [
      [IMPORTS, MORE_IMPORTS],
      [END, `${END}    opsTopic.addToResourcePolicy(new iam.PolicyStatement({ effect: iam.Effect.DENY, principals: [new iam.ServicePrincipal('cloudwatch.amazonaws.com')], actions: ['sns:*'], resources: [opsTopic.topicArn] }));\n`],
    ]),
    failing: ['alarms-notify', 'service-down-alarm'],
    because: /denies sns:Publish to CloudWatch, so no alarm notification gets through/,
  },
  {
    name: 'gave ServiceDownAlarm an action suppressor that is always in ALARM (RequestCount >= 0)',
    labFile: variant(solution, 'always-alarm-suppressor', [
      ["      alarmDescription: 'Orders service down: no healthy web server, or it answers with 5xx errors',", `      alarmDescription: 'Orders service down: no healthy web server, or it answers with 5xx errors',
      actionsSuppressor: new cloudwatch.Alarm(this, 'MaintenanceWindow', { metric: web.alb.metrics.requestCount(), threshold: 0, evaluationPeriods: 1, comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD }),`],
    ]),
    failing: ['service-down-alarm'],
    because: /action suppressor MaintenanceWindow\w+ is always in ALARM/,
  },
  {
    name: 'suppressed ServiceDownAlarm by HealthyHostsAlarm itself, so it never pages when the hosts are down',
    labFile: variant(solution, 'self-suppressor', [
      ["      alarmDescription: 'Orders service down: no healthy web server, or it answers with 5xx errors',", `      alarmDescription: 'Orders service down: no healthy web server, or it answers with 5xx errors',
      actionsSuppressor: new cloudwatch.CompositeAlarm(this, 'Quiet', { alarmRule: cloudwatch.AlarmRule.anyOf(healthyHosts, http5xx) }),`],
    ]),
    failing: ['service-down-alarm'],
    because: /action suppressor Quiet\w+ is in ALARM whenever ServiceDownAlarm is/,
  },
  {
    name: 'added an EventBridge rule that runs the lab\'s own function every five minutes',
    labFile: variant(solution, 'rule-runs-function', [
      [IMPORTS, MORE_IMPORTS],
      [END, `${END}${REVERTER}    new events.Rule(this, 'Every5', { schedule: events.Schedule.rate(Duration.minutes(5)), targets: [new eventsTargets.LambdaFunction(reverter)] });\n`],
    ]),
    failing: ['alarms-notify', 'service-down-alarm', 'outage-not-hidden'],
    because: /out of scope: runs on the events or schedule of the rule Every5: it runs the function Reverter/,
  },
  // Guardrails: removing or weakening one fails every objective.
  {
    name: 'an Aspect put the budget behind a condition that is never true',
    labFile: variant(solution, 'aspect-removes-budget', [
      [IMPORTS, MORE_IMPORTS],
      [END, `${END}${NEVER}    Aspects.of(this).add({ visit: (node) => { if (node instanceof budgets.CfnBudget) node.cfnOptions.condition = never; } });\n`],
    ]),
    failing: ['alarms-notify', 'logs-expire', 'change-recorded'],
    because: /the guardrail AwswoGuardrails\/Budget \(AWS::Budgets::Budget\) was removed/,
  },
  {
    name: 'an Aspect disabled the expiry schedule',
    labFile: variant(solution, 'aspect-disables-expiry', [
      [IMPORTS, MORE_IMPORTS],
      [END, `${END}    Aspects.of(this).add({ visit: (node) => { if (node instanceof scheduler.CfnSchedule) node.addPropertyOverride('State', 'DISABLED'); } });\n`],
    ]),
    failing: ['alarms-notify', 'vpc-flow-logs'],
    because: /the guardrail AwswoGuardrails\/ExpirySchedule \(AWS::Scheduler::Schedule\) was changed \(State\)/,
  },
  {
    name: 'removed the awswo:expires-at tag from every resource',
    labFile: variant(solution, 'tags-removed', [
      [IMPORTS, MORE_IMPORTS],
      [END, `${END}    Tags.of(this).remove('awswo:expires-at');\n`],
    ]),
    failing: ['topic-enforces-tls'],
    because: /resource\(s\) lost the guardrail tags: .*no awswo:expires-at/,
  },
  {
    name: 'opened the load balancer to the world through an escape hatch the ingress guardrail does not see',
    labFile: variant(solution, 'ingress-escape-hatch', [
      [IMPORTS, `${IMPORTS}\nimport * as ec2 from 'aws-cdk-lib/aws-ec2';`],
      [END, `${END}    (web.albSecurityGroup.node.defaultChild as ec2.CfnSecurityGroup).addPropertyOverride('SecurityGroupIngress', [{ IpProtocol: 'tcp', FromPort: 80, ToPort: 80, CidrIp: '0.0.0.0/0' }]);\n`],
    ]),
    failing: ['alarms-watch-the-service'],
    because: /AlbSecurityGroup admits 0\.0\.0\.0\/0/,
  },
  // Semantics: an alarm must be able to detect the outage the drill states, and only then.
  {
    name: 'HealthyHostsAlarm fires below 0 healthy hosts, which no outage reaches',
    labFile: variant(solution, 'hosts-below-zero', [[HOSTS_SETTINGS, HOSTS_SETTINGS.replace('threshold: 1,', 'threshold: 0,')]]),
    failing: ['alarms-watch-the-service'],
    because: /HealthyHostsAlarm can never fire: during the outage \(the web server stops answering\) its value is 0, never < 0/,
  },
  {
    name: 'HealthyHostsAlarm with the comparison inverted (more than 1 healthy host)',
    labFile: variant(solution, 'hosts-inverted', [['comparisonOperator: cloudwatch.ComparisonOperator.LESS_THAN_THRESHOLD,', 'comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,']]),
    failing: ['alarms-watch-the-service'],
    because: /HealthyHostsAlarm can never fire/,
  },
  {
    name: 'HealthyHostsAlarm below 2 healthy hosts, with one web server: always in ALARM',
    labFile: variant(solution, 'hosts-below-two', [[HOSTS_SETTINGS, HOSTS_SETTINGS.replace('threshold: 1,', 'threshold: 2,')]]),
    failing: ['alarms-watch-the-service'],
    because: /HealthyHostsAlarm fires in normal operation too: its value is then 1, which is < 2/,
  },
  {
    name: 'HealthyHostsAlarm needs fifteen five-minute periods',
    labFile: variant(solution, 'hosts-slow', [[HOSTS_SETTINGS, `${HOSTS_METRIC.replace('Duration.minutes(1)', 'Duration.minutes(5)')}      threshold: 1,\n      evaluationPeriods: 15,\n`]]),
    failing: ['alarms-watch-the-service'],
    because: /HealthyHostsAlarm needs 15 breaching period\(s\) of 300 s/,
  },
  {
    name: 'Http5xxAlarm fires above a billion errors',
    labFile: variant(solution, 'errors-billion', [['      threshold: 5,\n', '      threshold: 1e9,\n']]),
    failing: ['alarms-watch-the-service'],
    because: /Http5xxAlarm can never fire: during errors .* its value is 10 to 100000, never >= 1000000000/,
  },
  {
    name: 'Http5xxAlarm on the Minimum of the 5xx count (always 1)',
    labFile: variant(solution, 'errors-minimum', [[ERRORS_METRIC, ERRORS_METRIC.replace('cloudwatch.Stats.SUM', 'cloudwatch.Stats.MINIMUM')]]),
    failing: ['alarms-watch-the-service'],
    because: /Http5xxAlarm can never fire: .*its value is 1, never >= 5/,
  },
  {
    name: 'Http5xxAlarm needs 3 breaching datapoints out of 2',
    labFile: variant(solution, 'errors-m-above-n', [['      evaluationPeriods: 3,\n      datapointsToAlarm: 2,\n', '      evaluationPeriods: 2,\n      datapointsToAlarm: 3,\n']]),
    failing: ['alarms-watch-the-service'],
    because: /Http5xxAlarm needs 3 breaching datapoints out of 2 \(DatapointsToAlarm above EvaluationPeriods\): it can never fire/,
  },
  {
    name: 'Http5xxAlarm treats missing data as breaching: always in ALARM while there are no errors',
    labFile: variant(solution, 'errors-missing-breaching', [['      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,\n    });\n    http5xx.addAlarmAction(notify);', '      treatMissingData: cloudwatch.TreatMissingData.BREACHING,\n    });\n    http5xx.addAlarmAction(notify);']]),
    failing: ['alarms-watch-the-service'],
    because: /Http5xxAlarm is always in ALARM: in normal operation its metric has no datapoint/,
  },
  {
    name: 'LatencyAlarm fires above a day',
    labFile: variant(solution, 'latency-day', [['      threshold: 2,\n', '      threshold: 86400,\n']]),
    failing: ['alarms-watch-the-service'],
    because: /LatencyAlarm can never fire: during slowness .*its value is 3 to 60, never > 86400/,
  },
  {
    name: 'LatencyAlarm asks for milliseconds (TargetResponseTime is published in seconds)',
    labFile: variant(solution, 'latency-milliseconds', [[LATENCY_METRIC, LATENCY_METRIC.replace('period: Duration.minutes(1) }', 'period: Duration.minutes(1), unit: cloudwatch.Unit.MILLISECONDS }')]]),
    failing: ['alarms-watch-the-service'],
    because: /LatencyAlarm: during slowness .*has no datapoint at all: .*asks for the unit Milliseconds, but TargetResponseTime is published in Seconds/,
  },
  {
    name: 'DbCpuAlarm fires above 100 %',
    labFile: variant(solution, 'cpu-above-100', [['      threshold: 80,\n', '      threshold: 100,\n']]),
    failing: ['alarms-watch-the-service'],
    because: /DbCpuAlarm can never fire: .*its value is 90 to 100, never > 100/,
  },
  // Metric math: what the expression returns is what is watched.
  {
    name: 'HealthyHostsAlarm on a math expression that multiplies the metric by zero',
    labFile: variant(solution, 'math-times-zero', [[HOSTS_METRIC, hostsMath('hosts * 0')]]),
    failing: ['alarms-watch-the-service'],
    because: /HealthyHostsAlarm watches no metric: its expression does not depend on any of its metrics/,
  },
  {
    name: 'HealthyHostsAlarm on FILL(hosts, 1): a target group that stops reporting looks healthy, though missing data is "breaching"',
    labFile: variant(solution, 'math-fill-one', [[HOSTS_METRIC, hostsMath('FILL(hosts, 1)')]]),
    failing: ['alarms-watch-the-service', 'outage-not-hidden'],
    because: /HealthyHostsAlarm may stay silent: during the outage \(the web server stops answering\) its value is 0 to 1/,
  },
  {
    name: 'HealthyHostsAlarm on an IF whose both branches are the same constant',
    labFile: variant(solution, 'math-constant-if', [[HOSTS_METRIC, hostsMath('IF(hosts < 1, 1, 1)')]]),
    failing: ['alarms-watch-the-service'],
    because: /HealthyHostsAlarm can never fire: .*its value is 1, never < 1/,
  },
  {
    name: 'Http5xxAlarm returns the old copied metric through an expression, the right one unused',
    labFile: variant(solution, 'math-old-metric', [[ERRORS_METRIC, errorsMath('old', ", old: new cloudwatch.Metric({ namespace: 'AWS/ApplicationELB', metricName: 'HTTPCode_Target_5XX_Count', dimensionsMap: { LoadBalancer: 'app/awswo-orders/50dc6c495c0c9188' }, statistic: cloudwatch.Stats.SUM })")]]),
    failing: ['alarms-watch-the-service'],
    because: /Http5xxAlarm dimension LoadBalancer is app\/awswo-orders\/50dc6c495c0c9188/,
  },
  {
    name: 'HealthyHostsAlarm on RATE(hosts), outside the math the grader evaluates: refused, not passed',
    labFile: variant(solution, 'math-unsupported', [[HOSTS_METRIC, hostsMath('RATE(hosts)')]]),
    failing: [],
    erroring: ['alarms-watch-the-service'],
    because: /HealthyHostsAlarm: "RATE\(hosts\)" uses RATE\(\), which is outside what the grader evaluates/,
  },
  // Target-group attachment: the target group judged is the one that serves the web server.
  {
    name: 'took the web server out of WebTargets',
    labFile: afterWebTier('server-detached', '    (web.targetGroup.node.defaultChild as elbv2.CfnTargetGroup).targets = [];\n'),
    failing: ['alarms-watch-the-service'],
    because: /WebServer is not a target of WebTargets/,
  },
  {
    name: 'the listener forwards to a new target group with the default health check; WebTargets serves nothing',
    labFile: afterWebTier('listener-elsewhere', `${SPARE}${listenerActions("[{ type: 'forward', targetGroupArn: spare.targetGroupArn }]")}    web.alb.addListener('Unused', { port: 8080, open: false, defaultTargetGroups: [web.targetGroup] });\n`),
    failing: ['alarms-watch-the-service'],
    because: /WebAlb\/Http forwards to SpareTargets, not to WebTargets/,
  },
  {
    name: 'the listener forwards with weights, WebTargets weighted 0',
    labFile: afterWebTier('listener-weight-zero', `${SPARE}${listenerActions("[{ type: 'forward', forwardConfig: { targetGroups: [{ targetGroupArn: web.targetGroup.targetGroupArn, weight: 0 }, { targetGroupArn: spare.targetGroupArn, weight: 1 }] } }]")}`),
    failing: ['alarms-watch-the-service'],
    because: /WebAlb\/Http forwards to SpareTargets, not to WebTargets/,
  },
  {
    name: 'a listener rule sends every path to a new target group',
    labFile: afterWebTier('listener-rule-elsewhere', `${SPARE}    web.listener.addAction('Everything', { priority: 1, conditions: [elbv2.ListenerCondition.pathPatterns(['/*'])], action: elbv2.ListenerAction.forward([spare]) });\n`),
    failing: ['alarms-watch-the-service'],
    because: /the listener rule WebAlb\/Http\/Everything\w* sends the requests it matches to SpareTargets/,
  },
], [
  {
    name: 'moved HealthyHostsAlarm into a construct of its own, keeping its logical id (no decoy)',
    labFile: variant(solution, 'moved-alarm', [
      [HEALTHY_HOSTS, "    const alarms = new Construct(this, 'Alarms');\n    const healthyHosts = new cloudwatch.Alarm(alarms, 'HealthyHosts', {"],
      [END, `${END}    (healthyHosts.node.defaultChild as cloudwatch.CfnAlarm).overrideLogicalId('HealthyHostsAlarm981A3ACD');\n`],
    ]),
  },
  {
    name: 'AppLogs kept 30 days in us-east-1 and 90 elsewhere (Fn::If): a retention in every region',
    labFile: variant(solution, 'retention-per-region', [
      [IMPORTS, MORE_IMPORTS],
      [END, `${END}    const virginia = new CfnCondition(this, 'Virginia', { expression: Fn.conditionEquals(Aws.REGION, 'us-east-1') });\n    (this.node.findChild('AppLogs').node.defaultChild as logs.CfnLogGroup).retentionInDays = Token.asNumber(Fn.conditionIf(virginia.logicalId, 30, 90));\n`],
    ]),
  },
  {
    name: 'HealthyHostsAlarm pages only through the composite alarm',
    labFile: variant(solution, 'through-composite', [['    healthyHosts.addAlarmAction(notify);\n', '']]),
  },
  {
    name: 'the latency metric written out by hand, from the load balancer\'s full name',
    labFile: variant(solution, 'hand-written-metric', [
      [
        '      metric: web.alb.metrics.targetResponseTime({ statistic: cloudwatch.Stats.percentile(90), period: Duration.minutes(1) }),',
        "      metric: new cloudwatch.Metric({ namespace: 'AWS/ApplicationELB', metricName: 'TargetResponseTime', dimensionsMap: { LoadBalancer: web.alb.loadBalancerFullName }, statistic: 'p90', period: Duration.minutes(1) }),",
      ],
    ]),
  },
  {
    name: 'HealthyHostsAlarm at 0 or fewer healthy hosts (LESS_THAN_OR_EQUAL_TO 0)',
    labFile: variant(solution, 'hosts-at-most-zero', [
      [HOSTS_SETTINGS, HOSTS_SETTINGS.replace('threshold: 1,', 'threshold: 0,')],
      ['comparisonOperator: cloudwatch.ComparisonOperator.LESS_THAN_THRESHOLD,', 'comparisonOperator: cloudwatch.ComparisonOperator.LESS_THAN_OR_EQUAL_TO_THRESHOLD,'],
    ]),
  },
  {
    name: 'HealthyHostsAlarm on FILL(hosts, 0): a target group that stops reporting counts as no healthy host',
    labFile: variant(solution, 'math-fill-zero', [[HOSTS_METRIC, hostsMath('FILL(hosts, 0)')]]),
  },
  {
    name: 'Http5xxAlarm on FILL(errors, 0), and LatencyAlarm on p99 above 2.5 s',
    labFile: variant(solution, 'math-errors-filled', [
      [ERRORS_METRIC, errorsMath('FILL(errors, 0)')],
      [LATENCY_METRIC, LATENCY_METRIC.replace('percentile(90)', 'percentile(99)')],
      ['      threshold: 2,\n', '      threshold: 2.5,\n'],
    ]),
  },
  {
    name: 'DbCpuAlarm on the Maximum over one-minute periods, at 90 % or more (and recorded)',
    runbookFile: documentVariant(drill, 'cpu-maximum', { 'RUNBOOK.md': [['Added ServiceDownAlarm (composite).', 'Added ServiceDownAlarm (composite). DbCpuAlarm now fires on one-minute maxima of 90 % or more.']] }),
    labFile: variant(solution, 'cpu-maximum', [
      ['      metric: db.metricCPUUtilization({ period: Duration.minutes(5) }),\n      threshold: 80,\n', "      metric: db.metricCPUUtilization({ period: Duration.minutes(1), statistic: cloudwatch.Stats.MAXIMUM }),\n      threshold: 90,\n"],
      ['      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,\n      treatMissingData: cloudwatch.TreatMissingData.MISSING,', '      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,\n      treatMissingData: cloudwatch.TreatMissingData.MISSING,'],
    ]),
  },
]);
