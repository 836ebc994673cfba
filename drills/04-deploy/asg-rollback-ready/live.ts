// Live checks of asg-rollback-ready: the deployed target group's health check and the exported
// rollback alarm, through the SDK. Written against the LiveContext contract only
// (lib/live/live-check.ts); SDK errors propagate. (No Auto Scaling client is installed, so the
// fleet's health-check type and update policy are graded from the template only.)
import type { MetricAlarm } from '@aws-sdk/client-cloudwatch';
import { sdk } from '../../../lib/live/sdk';
import { fail, pass } from '../../../lib/model/verdict';
import type { DeployedResource, LiveCheck } from '../../../lib/model/live-check';
import { deletedByHand, errorName, notDeployed } from '../../../lib/live/deployed';


/** The deployed target group probes `path` on the traffic port. */
export function liveHealthCheckPath(id: string, targetGroupId: string, path: string): LiveCheck {
  return {
    id,
    apiCalls: ['elasticloadbalancing:DescribeTargetGroups'],
    driftSubjects: [targetGroupId],
    run: async (ctx) => {
      const r = ctx.resource(targetGroupId);
      if (!r) return notDeployed(ctx, targetGroupId);
      const { DescribeTargetGroupsCommand, ElasticLoadBalancingV2Client } = sdk.elbv2();
      let tg;
      try {
        tg = (await ctx.client(ElasticLoadBalancingV2Client).send(new DescribeTargetGroupsCommand({ TargetGroupArns: [r.physicalId] }))).TargetGroups?.[0];
      } catch (err) {
        if (errorName(err) === 'TargetGroupNotFoundException' || errorName(err) === 'TargetGroupNotFound') return deletedByHand(targetGroupId, r);
        throw err;
      }
      if (!tg) return deletedByHand(targetGroupId, r);
      ctx.record({
        call: 'elasticloadbalancing:DescribeTargetGroups',
        request: { TargetGroupArns: [r.physicalId] },
        observed: { HealthCheckPath: tg.HealthCheckPath, HealthCheckPort: tg.HealthCheckPort, Port: tg.Port, Matcher: tg.Matcher?.HttpCode },
      });
      if (tg.HealthCheckPath !== path) return fail(`deployed ${targetGroupId} health-checks ${tg.HealthCheckPath ?? 'no path'}, not ${path}: a broken application still looks healthy`);
      const port = tg.HealthCheckPort;
      if (port !== undefined && port !== 'traffic-port' && port !== String(tg.Port)) return fail(`deployed ${targetGroupId} health-checks port ${port}, but the web servers listen on ${tg.Port}`);
      return pass(`deployed ${targetGroupId} health-checks ${path} on the traffic port`);
    },
  };
}

/** Load balancer metrics that show a bad release, and the direction in which they alarm (as in drill.ts). */
const RELEASE_HEALTH_METRICS: Record<string, 'up' | 'down'> = {
  UnHealthyHostCount: 'up',
  HealthyHostCount: 'down',
  HTTPCode_Target_5XX_Count: 'up',
  HTTPCode_ELB_5XX_Count: 'up',
};

/** CloudWatch dimension values of a deployed load balancer or target group ARN. */
const dimensionValue = (arn: string) => {
  const lb = arn.match(/:loadbalancer\/(.+)$/);
  if (lb) return lb[1];
  const tg = arn.match(/:(targetgroup\/.+)$/);
  return tg ? tg[1] : arn;
};

/** What is wrong with the alarm as a rollback trigger for the fleet, or undefined. */
function alarmProblem(alarm: MetricAlarm, fleetDimensions: readonly string[]): string | undefined {
  const stats = alarm.MetricName
    ? [{ Namespace: alarm.Namespace, MetricName: alarm.MetricName, Dimensions: alarm.Dimensions ?? [] }]
    : (alarm.Metrics ?? []).map((m) => m.MetricStat?.Metric).filter((m) => m !== undefined).map((m) => ({ Namespace: m!.Namespace, MetricName: m!.MetricName, Dimensions: m!.Dimensions ?? [] }));
  const relevant = stats.find((s) => s.Namespace === 'AWS/ApplicationELB' && (s.MetricName ?? '') in RELEASE_HEALTH_METRICS
    && s.Dimensions.some((d) => fleetDimensions.includes(d.Value ?? '')));
  if (!relevant) {
    const seen = stats.map((s) => `${s.Namespace}/${s.MetricName}`).join(', ') || 'no metric';
    return `it watches ${seen}: a rollback trigger must watch the deployed WebTargets or WebAlb (AWS/ApplicationELB ${Object.keys(RELEASE_HEALTH_METRICS).join(', ')})`;
  }
  const op = String(alarm.ComparisonOperator ?? '');
  const direction = RELEASE_HEALTH_METRICS[relevant.MetricName!];
  if (direction === 'up' && !op.startsWith('GreaterThan')) return `it alarms when ${relevant.MetricName} is ${op}, not when it rises`;
  if (direction === 'down' && !op.startsWith('LessThan')) return `it alarms when ${relevant.MetricName} is ${op}, not when it falls`;
  return undefined;
}

/**
 * The stack exports `output` with the ARN of a deployed CloudWatch alarm that watches the fleet's
 * target group or load balancer on a metric that shows a bad release.
 */
export function liveRollbackAlarm(id: string, output: string, fleetIds: readonly string[]): LiveCheck {
  return {
    id,
    apiCalls: ['cloudformation:DescribeStacks', 'cloudwatch:DescribeAlarms'],
    driftSubjects: [],
    run: async (ctx) => {
      const { CloudFormationClient, DescribeStacksCommand } = sdk.cloudformation();
      const { CloudWatchClient, DescribeAlarmsCommand } = sdk.cloudwatch();
      const StackName = ctx.stack.stackId;
      const stack = (await ctx.client(CloudFormationClient).send(new DescribeStacksCommand({ StackName }))).Stacks?.[0];
      const outputs = stack?.Outputs ?? [];
      const alarmArn = outputs.find((o) => o.OutputKey === output)?.OutputValue;
      ctx.record({ call: 'cloudformation:DescribeStacks', request: { StackName }, observed: { Outputs: outputs.map((o) => ({ OutputKey: o.OutputKey, OutputValue: o.OutputValue })) } });
      if (!alarmArn) return fail(`the deployed stack ${ctx.stack.stackName} has no output ${output}: add a CfnOutput with the rollback alarm's ARN and deploy`);
      const name = alarmArn.match(/^arn:[^:]+:cloudwatch:[^:]*:[^:]*:alarm:(.+)$/)?.[1];
      if (!name) return fail(`output ${output} is ${alarmArn}, not the ARN of a CloudWatch alarm`);

      const alarms: MetricAlarm[] = [];
      let NextToken: string | undefined;
      do {
        const page = await ctx.client(CloudWatchClient).send(new DescribeAlarmsCommand({ AlarmNames: [name], AlarmTypes: ['MetricAlarm'], NextToken }));
        alarms.push(...(page.MetricAlarms ?? []));
        NextToken = page.NextToken;
      } while (NextToken);
      const alarm = alarms.find((a) => a.AlarmArn === alarmArn) ?? alarms[0];
      ctx.record({
        call: 'cloudwatch:DescribeAlarms',
        request: { AlarmNames: [name], AlarmTypes: ['MetricAlarm'] },
        observed: alarm
          ? { AlarmArn: alarm.AlarmArn, Namespace: alarm.Namespace, MetricName: alarm.MetricName, Dimensions: alarm.Dimensions, Metrics: alarm.Metrics?.map((m) => m.MetricStat?.Metric), ComparisonOperator: alarm.ComparisonOperator, Threshold: alarm.Threshold, StateValue: alarm.StateValue }
          : { MetricAlarms: [] },
      });
      if (!alarm) return fail(`output ${output} names alarm ${name}, which does not exist in CloudWatch`);

      const fleet = fleetIds.map((f) => ctx.resource(f)).filter((r): r is DeployedResource => r !== undefined);
      if (!fleet.length) return notDeployed(ctx, fleetIds.join(', '));
      const problem = alarmProblem(alarm, fleet.map((r) => dimensionValue(r.physicalId)));
      if (problem) return fail(`the rollback alarm ${name} (output ${output}) cannot trigger a rollback: ${problem}`);
      const condition = [alarm.MetricName ?? 'metric math', alarm.ComparisonOperator, alarm.Threshold].filter((p) => p !== undefined).join(' ');
      return pass(`output ${output} exports alarm ${name}, which watches the deployed fleet (${condition})`);
    },
  };
}
