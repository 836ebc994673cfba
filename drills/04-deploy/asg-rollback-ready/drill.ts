import { defineDrill, StaticCheck } from '../../../lib/model/drill';
import { fail, pass } from '../../../lib/model/verdict';
import { locateResource, noNagFindings, outputReferences, resourceHas, runbookCoversChanges, runbookMentions, runbookSectionsFilled, want } from '../../../lib/checks';
import { FoundResource, TemplateJson } from '../../../lib/model/template';
import { resourcesUnder } from '../../../lib/template/read';
import { RUNBOOK_SECTIONS } from '../../runbook-sections';
import { liveHealthCheckPath, liveRollbackAlarm } from './live';

const ASG = 'AWS::AutoScaling::AutoScalingGroup';
const TARGET_GROUP = 'AWS::ElasticLoadBalancingV2::TargetGroup';
const ALARM = 'AWS::CloudWatch::Alarm';
/** The stack output the README tells students (and the deploy command) to use. */
export const ROLLBACK_OUTPUT = 'RollbackAlarmArn';

/** Load balancer metrics that show a bad release, and the direction in which they alarm. */
const RELEASE_HEALTH_METRICS: Record<string, 'up' | 'down'> = {
  UnHealthyHostCount: 'up',
  HealthyHostCount: 'down',
  HTTPCode_Target_5XX_Count: 'up',
  HTTPCode_ELB_5XX_Count: 'up',
};

/** WebFleet replaces instances gradually and keeps serving while it does. */
function gradualUpdates(id: string, asgId: string): StaticCheck {
  return {
    id,
    run: ({ template }) => {
      const asg = locateResource(template, asgId, ASG);
      if (!asg) return fail(`${asgId} (${ASG}) is missing from the template: fix it, don't delete it`);
      const policy = (asg.resource.UpdatePolicy ?? {}) as Record<string, any>;
      if (policy.AutoScalingReplacingUpdate?.WillReplace === true) return pass(`${asgId} is replaced by a new group on update (AutoScalingReplacingUpdate)`);
      const rolling = policy.AutoScalingRollingUpdate;
      if (!rolling) return fail(`${asgId} has no AutoScalingRollingUpdate or AutoScalingReplacingUpdate update policy: a new launch template version is not rolled out gradually`);
      const inService = Number(rolling.MinInstancesInService ?? 0);
      if (!(inService >= 1)) return fail(`${asgId}'s rolling update keeps MinInstancesInService ${inService}: keep at least one instance serving during the update`);
      const waits = rolling.WaitOnResourceSignals === true || (typeof rolling.PauseTime === 'string' && /[1-9]/.test(rolling.PauseTime));
      if (!waits) return fail(`${asgId}'s rolling update neither waits on signals nor pauses (PauseTime ${rolling.PauseTime ?? 'unset'}): each batch must get time to prove itself`);
      return pass(`${asgId} rolls updates out ${rolling.MaxBatchSize ?? 1} at a time, keeping ${inService} in service`);
    },
  };
}

/** The target group's health check probes the traffic port, not another one. */
function healthCheckOnTrafficPort(id: string, targetGroupId: string): StaticCheck {
  return {
    id,
    run: ({ template }) => {
      const tg = locateResource(template, targetGroupId, TARGET_GROUP);
      if (!tg) return fail(`${targetGroupId} (${TARGET_GROUP}) is missing from the template: fix it, don't delete it`);
      const port = tg.resource.Properties?.HealthCheckPort;
      if (port === undefined || port === 'traffic-port' || String(port) === String(tg.resource.Properties?.Port)) return pass(`${targetGroupId} health checks the traffic port`);
      return fail(`${targetGroupId} health checks port ${port}, but the web servers listen on ${tg.resource.Properties?.Port}: nothing answers there, every target turns unhealthy`);
    },
  };
}

/** The alarm watches the lab's load balancer or target group on a metric that shows a bad release. */
function watchesTheFleet(alarm: FoundResource, template: TemplateJson): string | undefined {
  const p = alarm.resource.Properties ?? {};
  const stats: Array<{ Namespace?: string; MetricName?: string; Dimensions?: unknown }> = p.MetricName
    ? [{ Namespace: p.Namespace, MetricName: p.MetricName, Dimensions: p.Dimensions }]
    : ((p.Metrics ?? []) as any[]).map((m) => m.MetricStat?.Metric).filter(Boolean);
  const lab = [...resourcesUnder(template, 'WebTargets'), ...resourcesUnder(template, 'WebAlb')].map((r) => r.logicalId);
  const relevant = stats.find((s) => s.Namespace === 'AWS/ApplicationELB' && s.MetricName! in RELEASE_HEALTH_METRICS
    && lab.some((id) => JSON.stringify(s.Dimensions ?? []).includes(`"${id}"`)));
  if (!relevant) {
    const seen = stats.map((s) => `${s.Namespace}/${s.MetricName}`).join(', ') || 'no metric';
    return `it watches ${seen}: a rollback trigger must watch WebTargets or WebAlb (AWS/ApplicationELB ${Object.keys(RELEASE_HEALTH_METRICS).join(', ')})`;
  }
  const op = String(p.ComparisonOperator ?? '');
  const direction = RELEASE_HEALTH_METRICS[relevant.MetricName!];
  if (direction === 'up' && !op.startsWith('GreaterThan')) return `it alarms when ${relevant.MetricName} is ${op}, not when it rises`;
  if (direction === 'down' && !op.startsWith('LessThan')) return `it alarms when ${relevant.MetricName} is ${op}, not when it falls`;
  return undefined;
}

export default defineDrill({
  id: 'asg-rollback-ready',
  module: '04',
  title: 'Rollback-ready deployments',
  summary: 'A web fleet behind a load balancer would ship a bad release everywhere at once; make its deployments gradual, health-checked and automatically rolled back.',
  soaTasks: ['2.1', '2.2', '3.1'],
  difficulty: 'core',
  estimatedCostPerHour: 0.06,
  dir: __dirname,
  runbook: { sections: RUNBOOK_SECTIONS },
  traps: [
    { id: 'ec2-health-check', description: 'WebFleet uses EC2 health checks only, with a grace period of 0', objective: 'elb-health-checks', resource: 'WebFleet' },
    { id: 'no-update-policy', description: 'WebFleet has no rolling update policy', objective: 'gradual-rollout', resource: 'WebFleet' },
    { id: 'no-health-check-path', description: 'WebTargets probes the default path "/" instead of /health', objective: 'health-check-path', resource: 'WebTargets' },
    { id: 'no-rollback-trigger', description: `no alarm on the fleet's health is exported as ${ROLLBACK_OUTPUT} for CloudFormation rollback triggers`, objective: 'rollback-trigger', resource: ROLLBACK_OUTPUT },
    { id: 'runbook-unfilled', description: 'RUNBOOK.md is the blank template', objective: 'change-recorded', resource: 'RUNBOOK.md' },
  ],
  objectives: [
    {
      id: 'elb-health-checks',
      title: 'The fleet replaces instances the load balancer finds unhealthy, after a boot grace period',
      weight: 2,
      soaTask: '2.2',
      hint: 'On WebFleet use healthChecks: HealthChecks.withAdditionalChecks({ additionalTypes: [AdditionalHealthCheckType.ELB], gracePeriod }) with a grace period of at least 60 seconds.',
      checks: [
        resourceHas('elb-health-check', 'WebFleet', ASG, [
          { path: 'HealthCheckType', want: 'ELB', ok: (v) => typeof v === 'string' && v.split(',').map((t) => t.trim()).includes('ELB') },
          { path: 'HealthCheckGracePeriod', ...want.atLeast(60) },
        ]),
        noNagFindings('elb-health-check-nag', ['Awswo-AutoScalingELBHealthCheck', 'AwsSolutions-AS2'], ['WebFleet']),
      ],
    },
    {
      id: 'gradual-rollout',
      title: 'A new release rolls out gradually, with instances in service throughout',
      weight: 2,
      soaTask: '3.1',
      hint: 'Give WebFleet updatePolicy: UpdatePolicy.rollingUpdate({ maxBatchSize: 1, minInstancesInService: 1, pauseTime }) (or replacingUpdate()).',
      checks: [gradualUpdates('rolling-update', 'WebFleet')],
    },
    {
      id: 'health-check-path',
      title: 'The load balancer health-checks the application\'s /health page on the traffic port',
      weight: 2,
      soaTask: '2.2',
      hint: 'Give WebTargets healthCheck: { path: \'/health\', healthyHttpCodes: \'200\' } and leave the port alone (traffic port).',
      checks: [
        resourceHas('health-path', 'WebTargets', TARGET_GROUP, [{ path: 'HealthCheckPath', ...want.equals('/health') }]),
        healthCheckOnTrafficPort('health-port', 'WebTargets'),
      ],
      liveChecks: [liveHealthCheckPath('health-path-live', 'WebTargets', '/health')],
    },
    {
      id: 'rollback-trigger',
      title: `An alarm on the fleet's health is exported as ${ROLLBACK_OUTPUT} for CloudFormation rollback triggers`,
      weight: 3,
      soaTask: '3.1',
      hint: `Add a cloudwatch.Alarm on targets.metrics.unhealthyHostCount() (or the load balancer's 5XX count) and new CfnOutput(this, '${ROLLBACK_OUTPUT}', { value: alarm.alarmArn }); then deploy with --rollback-configuration (README).`,
      checks: [
        outputReferences('rollback-alarm-output', ROLLBACK_OUTPUT, ALARM, watchesTheFleet),
      ],
      liveChecks: [liveRollbackAlarm('rollback-alarm-live', ROLLBACK_OUTPUT, ['WebTargets', 'WebAlb'])],
    },
    {
      id: 'change-recorded',
      title: 'The runbook records the change and how a release is rolled back',
      weight: 1,
      soaTask: '3.1',
      hint: `Fill every section of RUNBOOK.md; under Rollback path, give the --rollback-configuration command with ${ROLLBACK_OUTPUT}; under Record, name each resource you changed.`,
      checks: [
        runbookSectionsFilled('runbook-filled', RUNBOOK_SECTIONS),
        runbookMentions('rollback-configured', 'Rollback path', [
          { label: 'the rollback configuration (--rollback-configuration / RollbackTriggers)', pattern: /rollback-configuration|RollbackTriggers/i },
          { label: `the alarm output ${ROLLBACK_OUTPUT}`, pattern: new RegExp(ROLLBACK_OUTPUT, 'i') },
        ]),
        runbookCoversChanges('record-covers-diff', 'Record'),
      ],
    },
  ],
});
