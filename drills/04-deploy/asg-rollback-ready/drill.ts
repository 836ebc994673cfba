import { defineDrill, StaticCheck } from '../../../lib/model/drill';
import { fail, pass } from '../../../lib/model/verdict';
import { locateResource, noNagFindings, outputReferences, resourceHas, runbookCoversChanges, runbookMentions, runbookSectionsFilled, want } from '../../../lib/checks';
import { detectionProblem, Outage } from '../../../lib/checks/monitoring/detection';
import { shownId } from '../../../lib/checks/monitoring/static';
import { fleetServedBy } from '../../../lib/checks/network/static';
import { RUNBOOK_SECTIONS } from '../../runbook-sections';
import { liveHealthCheckPath, liveRollbackAlarm } from './live';

const ASG = 'AWS::AutoScaling::AutoScalingGroup';
const TARGET_GROUP = 'AWS::ElasticLoadBalancingV2::TargetGroup';
const ALARM = 'AWS::CloudWatch::Alarm';
/** The stack output the README tells students (and the deploy command) to use. */
export const ROLLBACK_OUTPUT = 'RollbackAlarmArn';

const ON_ALB = { LoadBalancer: { loadBalancer: 'WebAlb' } } as const;
const ON_TARGETS = { ...ON_ALB, TargetGroup: { targetGroup: 'WebTargets' } } as const;
/** The same values for every statistic of a metric that is one number per minute (a count of hosts). */
const every = (range: readonly [number, number]) => ({ Minimum: range, Maximum: range, Average: range, p: range });
/** A load balancer error count: useful as Sum; Minimum, Maximum and Average are always 1; published only when there are errors. */
const errors = (metricName: string, dimensions: Outage['signals'][number]['dimensions']) => ({
  namespace: 'AWS/ApplicationELB', metricName, dimensions, unit: 'Count',
  outage: { statistics: { Sum: [1, 100_000] as const, Minimum: [1, 1] as const, Maximum: [1, 1] as const, Average: [1, 1] as const } },
  normal: { missing: 'always' as const },
});

/**
 * The bad release a rollback trigger must catch, as the load balancer shows it: rolled out one
 * instance at a time with one in service, the new instance fails its health check (at least one
 * unhealthy target, at most one healthy) and its errors reach users; in normal operation both
 * targets are healthy and there are no errors. CloudFormation watches the trigger for 10 minutes
 * (README), so it must fire well within them, and clear before the next update.
 */
export const BAD_RELEASE: Outage = {
  alarm: 'RollbackAlarm',
  what: 'a bad release (its instances fail their health checks)',
  detectWithinSeconds: 300,
  clearWithinSeconds: 600,
  signals: [
    { namespace: 'AWS/ApplicationELB', metricName: 'UnHealthyHostCount', dimensions: ON_TARGETS, unit: 'Count', outage: { statistics: every([1, 2]) }, normal: { statistics: every([0, 0]) } },
    { namespace: 'AWS/ApplicationELB', metricName: 'HealthyHostCount', dimensions: ON_TARGETS, unit: 'Count', outage: { statistics: every([0, 1]) }, normal: { statistics: every([2, 3]) } },
    errors('HTTPCode_Target_5XX_Count', ON_ALB),
    errors('HTTPCode_Target_5XX_Count', ON_TARGETS),
    errors('HTTPCode_ELB_5XX_Count', ON_ALB),
  ],
};

/** The fleet is what the load balancer forwards to: WebTargets' health check is the one that judges it. */
const FLEET_SERVED = { loadBalancer: 'WebAlb', listener: 'WebAlb/Http', targetGroup: 'WebTargets', fleet: { autoScalingGroup: 'WebFleet' }, port: 80 } as const;

/** WebFleet replaces instances gradually and keeps serving while it does. */
function gradualUpdates(id: string, asgId: string): StaticCheck {
  return {
    id,
    run: (e) => {
      const asg = locateResource(e, asgId, ASG);
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
    run: (e) => {
      const tg = locateResource(e, targetGroupId, TARGET_GROUP);
      if (!tg) return fail(`${targetGroupId} (${TARGET_GROUP}) is missing from the template: fix it, don't delete it`);
      const port = tg.resource.Properties?.HealthCheckPort;
      if (port === undefined || port === 'traffic-port' || String(port) === String(tg.resource.Properties?.Port)) return pass(`${targetGroupId} health checks the traffic port`);
      return fail(`${targetGroupId} health checks port ${port}, but the web servers listen on ${tg.resource.Properties?.Port}: nothing answers there, every target turns unhealthy`);
    },
  };
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
        fleetServedBy('fleet-behind-load-balancer', FLEET_SERVED),
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
        fleetServedBy('health-check-judges-fleet', FLEET_SERVED),
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
        outputReferences('rollback-alarm-output', ROLLBACK_OUTPUT, ALARM, (alarm, e) => detectionProblem(e, alarm, BAD_RELEASE, shownId(alarm))),
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
