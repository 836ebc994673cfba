// Does an alarm detect the outage its drill states? The drill says what each metric does during the
// outage (and, where it matters, in normal operation): the values each statistic takes, and
// whether datapoints go missing. The alarm is judged against that statement: its statistic,
// threshold and comparison (can the outage's values cross it, and do they always?), how it treats
// missing data, its metric math (metric-math.ts), and how long it takes to page and to clear.
import { error, fail, pass, Verdict } from '../../model/verdict';
import type { StaticCheck } from '../../model/drill';
import type { FoundResource } from '../../model/template';
import type { TemplatePair } from '../../template/identity';
import { asList, render } from '../../template/read';
import { locateResource } from '../resource/static';
import { evaluateQueries, Evaluated, MathRefused, MetricLeaf, MetricQuery, Missing, SeriesValue } from './metric-math';
import { ALARM, metricProblem, shownId } from './static';
import type { DimensionSpec } from './live';

/** What a metric does in one scenario. */
export interface Behaviour {
  /**
   * The values a datapoint of each statistic takes, as [lowest, highest]: `Sum` and `SampleCount`
   * per minute (scaled by the alarm's period), the others as they are; `p` stands for every
   * percentile (p50, p99.9). A statistic left out says nothing about the outage.
   */
  readonly statistics?: Readonly<Record<string, readonly [number, number]>>;
  /** Whether datapoints go missing: never (the default), sometimes, or always. */
  readonly missing?: Missing;
}

/** One metric the drill describes: which one (bound to the lab's resources), and what it does. */
export interface Signal {
  readonly namespace: string;
  readonly metricName: string;
  readonly dimensions: Readonly<Record<string, DimensionSpec>>;
  /** The unit CloudWatch publishes it in: an alarm asking for another unit matches no datapoint. */
  readonly unit?: string;
  /** How often it is published, in seconds (60 for AWS service metrics): a shorter or uneven period sees gaps. */
  readonly resolution?: number;
  readonly outage: Behaviour;
  /** In normal operation: an alarm that breaches then is always in ALARM and says nothing of the outage. */
  readonly normal?: Behaviour;
}

/** The outage an alarm of the drill must detect. */
export interface Outage {
  /** The construct id of the alarm. */
  readonly alarm: string;
  /** The outage in words, for messages: `the web server stops answering`. */
  readonly what: string;
  /** The metrics that show it; the alarm may watch any of them. */
  readonly signals: readonly Signal[];
  /** At most this long from the outage's start to ALARM: DatapointsToAlarm × Period. */
  readonly detectWithinSeconds: number;
  /** At most this long from recovery to OK: (EvaluationPeriods − DatapointsToAlarm + 1) × Period. */
  readonly clearWithinSeconds?: number;
}

const OPERATORS: Readonly<Record<string, (v: number, t: number) => boolean>> = {
  GreaterThanThreshold: (v, t) => v > t,
  GreaterThanOrEqualToThreshold: (v, t) => v >= t,
  LessThanThreshold: (v, t) => v < t,
  LessThanOrEqualToThreshold: (v, t) => v <= t,
};
const SYMBOL: Readonly<Record<string, string>> = {
  GreaterThanThreshold: '>', GreaterThanOrEqualToThreshold: '>=', LessThanThreshold: '<', LessThanOrEqualToThreshold: '<=',
};
const RATE_STATISTICS = new Set(['Sum', 'SampleCount']);

const num = (v: unknown): number | undefined => {
  if (v === undefined || v === null || v === '') return undefined;
  const n = Number(v);
  return Number.isFinite(n) ? n : undefined;
};
const shownNumber = (n: number) => (n === Infinity ? 'unbounded' : n === -Infinity ? '-unbounded' : String(Math.round(n * 1000) / 1000));
const shownRange = (r: readonly [number, number]) => (r[0] === r[1] ? shownNumber(r[0]) : `${shownNumber(r[0])} to ${shownNumber(r[1])}`);

/** The values of one statistic in a behaviour, for a period; undefined when the drill states nothing about it. */
function statisticRange(b: Behaviour, stat: string, period: number): readonly [number, number] | undefined {
  const stats = b.statistics ?? {};
  const range = stats[stat] ?? (/^p\d+(\.\d+)?$/.test(stat) ? stats.p : undefined);
  if (!range) return undefined;
  return RATE_STATISTICS.has(stat) ? [range[0] * period / 60, range[1] * period / 60] : range;
}

interface Judged {
  readonly outage: Evaluated;
  /** The value in normal operation, evaluated when asked (it may be refused where the outage is not). */
  readonly normal: () => Evaluated | undefined;
  readonly period: number;
  /** Why a metric of the alarm is no signal of the outage (wrong unit, statistic, period). */
  readonly notes: readonly string[];
}

/** Evaluates the alarm's value in the outage, and how to evaluate it in normal operation. */
function evaluateAlarm(e: TemplatePair, props: Record<string, any>, outage: Outage): Judged {
  const notes: string[] = [];
  const queries: MetricQuery[] = props.Metrics !== undefined
    ? asList(props.Metrics as MetricQuery[])
    : [{ Id: 'alarm', ReturnData: true, MetricStat: { Metric: { Namespace: props.Namespace, MetricName: props.MetricName, Dimensions: asList(props.Dimensions) }, Period: props.Period, Stat: props.ExtendedStatistic ?? props.Statistic, Unit: props.Unit } }];
  const periods: number[] = [];
  const scenario = (which: 'outage' | 'normal') => (leaf: MetricLeaf): SeriesValue | undefined => {
    const metric = { namespace: leaf.namespace, metricName: leaf.metricName, dimensions: asList(leaf.dimensions as any[]) };
    const signal = outage.signals.find((s) => metricProblem(e, metric, s) === undefined);
    const shown = `${leaf.stat ?? 'no statistic'} of ${leaf.namespace ?? '?'} ${leaf.metricName ?? '?'}`;
    if (!signal) {
      const named = outage.signals.find((s) => s.namespace === leaf.namespace && s.metricName === leaf.metricName);
      if (named && which === 'outage') notes.push(`its ${leaf.metricName} ${metricProblem(e, metric, named)}`);
      return undefined;
    }
    const behaviour = signal[which];
    if (!behaviour) return undefined;
    const note = (text: string) => { if (which === 'outage') notes.push(text); };
    const period = leaf.period;
    if (period === undefined || !(period > 0)) {
      note(`${shown} has no period`);
      return undefined;
    }
    if (which === 'outage') periods.push(period);
    const resolution = signal.resolution ?? 60;
    if (period % resolution !== 0) {
      note(`${shown} is read every ${period} s, but ${signal.metricName} is published every ${resolution} s: periods without a datapoint`);
      return { missing: 'always' };
    }
    if (leaf.unit !== undefined && signal.unit !== undefined && leaf.unit !== signal.unit) {
      note(`${shown} asks for the unit ${leaf.unit}, but ${signal.metricName} is published in ${signal.unit}: no datapoint matches`);
      return { missing: 'always' };
    }
    const range = leaf.stat ? statisticRange(behaviour, leaf.stat, period) : undefined;
    const missing = behaviour.missing ?? 'never';
    if (!range && missing !== 'always') {
      const known = Object.keys(behaviour.statistics ?? {}).map((k) => (k === 'p' ? 'a percentile' : k)).join(', ');
      note(`${shown} does not show ${outage.what} (the statistics that do: ${known || 'none'})`);
      return undefined;
    }
    return missing === 'always' ? { missing } : { range: range!, missing };
  };
  const outageValue = evaluateQueries(queries, scenario('outage'));
  const normal = () => {
    if (!outage.signals.some((s) => s.normal)) return undefined;
    const v = evaluateQueries(queries, scenario('normal'));
    return v.unknown ? undefined : v;
  };
  const returned = queries.find((q) => q.ReturnData === undefined || q.ReturnData === true || q.ReturnData === 'true');
  const period = num(returned?.Period) ?? (periods.length ? Math.max(...periods) : num(props.Period) ?? 0);
  return { outage: outageValue, normal, period, notes };
}

/**
 * What keeps an alarm from detecting the drill's outage, or undefined: a fail (the alarm cannot or
 * need not fire, fires too late or always) or an error (the grader cannot evaluate it).
 */
export function detectionProblem(e: TemplatePair, alarm: FoundResource, outage: Outage, name = outage.alarm): Verdict | undefined {
  const p = alarm.resource.Properties ?? {};
  if (p.ThresholdMetricId !== undefined) return error(`${name} alarms on an anomaly detection band (ThresholdMetricId), which the grader does not evaluate`);
  const op = String(p.ComparisonOperator ?? '');
  const breaches = OPERATORS[op];
  if (!breaches) return error(`${name} compares with ${op || 'no operator'}, which the grader does not evaluate`);
  const threshold = num(p.Threshold);
  if (threshold === undefined) return fail(`${name}: the threshold ${render(p.Threshold)} is not a number`);
  const cmp = `${SYMBOL[op]} ${shownNumber(threshold)}`;

  let judged: Judged;
  try {
    judged = evaluateAlarm(e, p, outage);
  } catch (err) {
    if (err instanceof MathRefused) return error(`${name}: ${err.message}`);
    throw err;
  }
  const { outage: v, notes, period } = judged;
  const why = notes.length ? `: ${notes.join('; ')}` : '';
  if (!v.series) return fail(`${name}'s expression is the constant ${shownNumber(v.range![0])}: it watches no metric, so ${outage.what} changes nothing`);
  if (v.unknown) return fail(`${name} depends on ${v.unknown}, which does not show ${outage.what}${why}`);
  const missingData = String(p.TreatMissingData ?? 'missing');

  // During the outage every datapoint must breach, and missing ones must count as breaching.
  if (v.missing !== 'never' && missingData !== 'breaching') {
    const when = v.missing === 'always' ? 'has no datapoint at all' : 'loses datapoints';
    const effect = missingData === 'notBreaching' ? 'counts them as healthy' : missingData === 'ignore' ? 'keeps its last state' : 'goes to INSUFFICIENT_DATA, not ALARM';
    return fail(`${name}: during ${outage.what} its metric ${when}${why || ''}, and TreatMissingData ${missingData} ${effect}: the outage stays silent`);
  }
  if (v.range) {
    const [lo, hi] = v.range;
    const all = breaches(lo, threshold) && breaches(hi, threshold);
    // The breaching values are a half-line: an interval is inside it (or outside) when both ends are.
    const none = !breaches(lo, threshold) && !breaches(hi, threshold);
    if (!all) {
      const value = `during ${outage.what} its value is ${shownRange(v.range)}`;
      if (none) return fail(`${name} can never fire: ${value}, never ${cmp}${why}`);
      if (v.occurrences > 1) return error(`${name}: ${value} by the grader's interval arithmetic, which cannot tell whether it always crosses ${cmp} (its metrics occur ${v.occurrences} times); an instructor must judge it`);
      return fail(`${name} may stay silent: ${value}, and not all of it is ${cmp}${why}`);
    }
  }

  // In normal operation it must not breach (else it is always in ALARM and the outage changes nothing).
  let normal: Evaluated | undefined;
  try {
    normal = judged.normal();
  } catch (err) {
    if (err instanceof MathRefused) return error(`${name}, in normal operation: ${err.message}`);
    throw err;
  }
  if (normal?.series) {
    const quietByData = normal.missing === 'never' || missingData !== 'breaching';
    const r = normal.range;
    const alwaysBreaches = r ? breaches(r[0], threshold) && breaches(r[1], threshold) : false;
    const mayBreach = r ? breaches(r[0], threshold) || breaches(r[1], threshold) : false;
    if (!quietByData && normal.missing === 'always') return fail(`${name} is always in ALARM: in normal operation its metric has no datapoint${why}, and TreatMissingData breaching counts that as an outage`);
    if (r && (alwaysBreaches || (mayBreach && normal.occurrences <= 1))) {
      return fail(`${name} fires in normal operation too: its value is then ${shownRange(r)}, which is ${cmp}, so it says nothing about ${outage.what}`);
    }
    if (!quietByData) return fail(`${name} fires in normal operation too: its metric then loses datapoints, and TreatMissingData breaching counts them as an outage`);
  }

  // How long until it pages, and until it clears.
  const n = num(p.EvaluationPeriods);
  const m = num(p.DatapointsToAlarm) ?? n;
  if (n === undefined || !(n >= 1) || m === undefined || !(m >= 1)) return fail(`${name} has no EvaluationPeriods the grader can read`);
  if (m > n) return fail(`${name} needs ${m} breaching datapoints out of ${n} (DatapointsToAlarm above EvaluationPeriods): it can never fire`);
  if (!(period > 0)) return fail(`${name} has no period the grader can read`);
  const detect = m * period;
  if (detect > outage.detectWithinSeconds) {
    return fail(`${name} needs ${m} breaching period(s) of ${period} s: ${outage.what} pages after ${detect / 60} minutes, want at most ${outage.detectWithinSeconds / 60}`);
  }
  const clear = (n - m + 1) * period;
  if (outage.clearWithinSeconds !== undefined && clear > outage.clearWithinSeconds) {
    return fail(`${name} evaluates ${n} periods of ${period} s for ${m} breaching: after recovery it stays in ALARM ${clear / 60} minutes (and a new outage meanwhile pages nobody), want at most ${outage.clearWithinSeconds / 60}`);
  }
  return undefined;
}

/** A sentence of what the alarm does, for a pass. */
function detects(alarm: FoundResource, outage: Outage): string {
  const p = alarm.resource.Properties ?? {};
  const n = num(p.EvaluationPeriods)!;
  const m = num(p.DatapointsToAlarm) ?? n;
  return `${outage.alarm} fires on ${outage.what} (${m} of ${n} datapoints ${SYMBOL[String(p.ComparisonOperator)]} ${shownNumber(num(p.Threshold)!)})`;
}

/**
 * Each alarm detects its outage as the drill states it: a threshold the outage's values cross, on
 * the side they cross it, with a statistic that shows them; missing datapoints counted as breaching
 * where the outage loses them; quiet in normal operation; firing (and clearing) in time. Missing
 * alarms fail: fix them, don't delete them.
 */
export function alarmsDetect(id: string, outages: readonly Outage[]): StaticCheck {
  return {
    id,
    run: (e) => {
      const verdicts: Verdict[] = [];
      const passed: string[] = [];
      for (const outage of outages) {
        const alarm = locateResource(e, outage.alarm, ALARM);
        if (!alarm) {
          verdicts.push(fail(`${outage.alarm} is missing from the template: fix it, don't delete it`));
          continue;
        }
        const problem = detectionProblem(e, { ...alarm, path: alarm.path || shownId(alarm) }, outage);
        if (problem) verdicts.push(problem);
        else passed.push(detects(alarm, outage));
      }
      const failed = verdicts.filter((v) => v.status === 'fail');
      if (failed.length) return fail(failed.map((v) => v.message).join('; '));
      if (verdicts.length) return error(verdicts.map((v) => v.message).join('; '));
      return pass(passed.join('; '));
    },
  };
}
