import { evaluateQueries, MathRefused, MetricQuery, metricsDependedOn, parseExpression, SeriesValue } from '../../../../lib/checks/monitoring/metric-math';

const stat = (id: string, metricName: string, ret = false): MetricQuery => ({
  Id: id, ReturnData: ret, MetricStat: { Metric: { Namespace: 'AWS/ApplicationELB', MetricName: metricName, Dimensions: [] }, Period: 60, Stat: 'Sum' },
});
const expr = (expression: string, id = 'e1'): MetricQuery => ({ Id: id, Expression: expression, ReturnData: true });
const alarm = (expression: string, ...metrics: MetricQuery[]) => ({ Metrics: [expr(expression), ...metrics] });
const watched = (expression: string) => metricsDependedOn(alarm(expression, stat('good', 'HTTPCode_Target_5XX_Count'), stat('old', 'HTTPCode_ELB_4XX_Count'))).map((m) => m.metricName);

describe('which metrics a metric-math alarm really watches', () => {
  test('a plain metric alarm watches its metric', () => {
    expect(metricsDependedOn({ Namespace: 'AWS/RDS', MetricName: 'CPUUtilization', Dimensions: [] }).map((m) => m.metricName)).toEqual(['CPUUtilization']);
  });
  test.each([
    ['the good metric alone', 'good', ['HTTPCode_Target_5XX_Count']],
    ['the good metric plus the old one', 'good + old', ['HTTPCode_Target_5XX_Count', 'HTTPCode_ELB_4XX_Count']],
    ['the good metric filled with 0', 'FILL(good, 0)', ['HTTPCode_Target_5XX_Count']],
    ['the good metric per second', 'good / PERIOD(good)', ['HTTPCode_Target_5XX_Count']],
  ])('%s', (_name, expression, want) => {
    expect(watched(expression)).toEqual(want);
  });
  test.each([
    ['the good metric multiplied by zero, plus the old one', 'good * 0 + old'],
    ['zero times the good metric, plus the old one', '0 * (good + 1) + old'],
    ['an IF whose condition is a constant', 'IF(1, old, good)'],
    ['an IF whose condition is always true for a metric (never negative)', 'IF(good >= 0, old, good)'],
    ['the old metric through another expression', 'e2'],
  ])('returning the old metric through an expression: %s', (_name, expression) => {
    const m = metricsDependedOn({ Metrics: [expr(expression), { Id: 'e2', Expression: 'old', ReturnData: false }, stat('good', 'HTTPCode_Target_5XX_Count'), stat('old', 'HTTPCode_ELB_4XX_Count')] });
    expect(m.map((x) => x.metricName)).toEqual(['HTTPCode_ELB_4XX_Count']);
  });
  test('an expression that multiplies everything by zero watches nothing', () => {
    expect(watched('good * 0')).toEqual([]);
    expect(watched('IF(good > 5, 0, 0) * good * 0')).toEqual([]);
  });
  test('the metric whose ReturnData is true is the one judged, even when it is not an expression', () => {
    const m = metricsDependedOn({ Metrics: [{ ...expr('good'), ReturnData: false }, stat('good', 'HTTPCode_Target_5XX_Count'), stat('old', 'HTTPCode_ELB_4XX_Count', true)] });
    expect(m.map((x) => x.metricName)).toEqual(['HTTPCode_ELB_4XX_Count']);
  });

  test.each([
    ['a function outside the subset', 'RATE(good)', /RATE\(\), which is outside/],
    ['METRICS()', 'SUM(METRICS())', /METRICS\(\), which is outside/],
    ['SEARCH with a string', "SEARCH('{AWS/EC2} CPUUtilization', 'Average', 60)", /holds a string/],
    ['a power', 'good ^ 2', /uses \^/],
    ['SUM of one series (a number, not a series)', 'SUM(good)', /one number over the whole range/],
    ['FILL with REPEAT', 'FILL(good, REPEAT)', /REPEAT, LINEAR or a series/],
    ['an id that does not exist', 'nothere + good', /nothere, which is not an id/],
    ['a syntax error', 'good +', /ends too early/],
    ['two entries that return data', '', /exactly one entry/],
  ])('refuses %s', (_name, expression, message) => {
    const metrics = expression ? alarm(expression, stat('good', 'HTTPCode_Target_5XX_Count')) : { Metrics: [stat('a', 'X', true), stat('b', 'Y', true)] };
    expect(() => metricsDependedOn(metrics)).toThrow(MathRefused);
    expect(() => metricsDependedOn(metrics)).toThrow(message);
  });
});

describe('the values a metric-math expression takes in a scenario', () => {
  const errors: SeriesValue = { range: [10, 100], missing: 'never' };
  const run = (expression: string, value: SeriesValue = errors) =>
    evaluateQueries(alarm(expression, stat('m', 'HTTPCode_Target_5XX_Count')).Metrics, () => value);

  test.each([
    ['m', [10, 100]],
    ['m * 2 + 1', [21, 201]],
    ['m - 10', [0, 90]],
    ['m / 10', [1, 10]],
    ['-m', [-100, -10]],
    ['m * 0', [0, 0]],
    ['IF(m > 5, 1, 0)', [1, 1]],
    ['IF(m > 50, 1, 0)', [0, 1]],
    ['MAX([m, 20])', [20, 100]],
    ['SUM([m, m])', [20, 200]],
    ['m / PERIOD(m)', [10 / 60, 100 / 60]],
    ['m >= 10 AND m <= 100', [1, 1]],
    ['NOT (m > 200)', [1, 1]],
  ])('%s', (expression, range) => {
    expect(run(expression).range).toEqual(range);
  });

  test('FILL turns missing datapoints into its value', () => {
    const gone: SeriesValue = { missing: 'always' };
    expect(run('FILL(m, 0)', gone)).toMatchObject({ range: [0, 0], missing: 'never' });
    expect(run('FILL(m, 1)', { range: [0, 0], missing: 'sometimes' })).toMatchObject({ range: [0, 1], missing: 'never' });
  });
  test('IF without a false value has no datapoint where the condition is false', () => {
    expect(run('IF(m > 50, m)')).toMatchObject({ range: [10, 100], missing: 'sometimes' });
    expect(run('IF(m > 500, m)')).toMatchObject({ missing: 'always' });
  });
  test('a missing datapoint stays missing through arithmetic with constants', () => {
    expect(run('m + 1', { range: [0, 0], missing: 'sometimes' })).toMatchObject({ range: [1, 1], missing: 'sometimes' });
    expect(run('IF(m < 1, 1, 0)', { range: [0, 0], missing: 'sometimes' })).toMatchObject({ range: [1, 1], missing: 'sometimes' });
  });
  test('arithmetic on two series where one may have no datapoint is refused: FILL it first', () => {
    expect(() => run('m + m', { range: [0, 0], missing: 'sometimes' })).toThrow(/may have no datapoint.*FILL/);
    expect(() => run('MAX([m, m])', { range: [0, 0], missing: 'sometimes' })).toThrow(/may have no datapoint.*FILL/);
  });
  test('division by a value that may be 0 is refused', () => {
    expect(() => run('1 / m', { range: [0, 5], missing: 'never' })).toThrow(/divides by a value that may be 0/);
  });
  test('a metric the scenario says nothing about makes the result unknown', () => {
    const r = evaluateQueries(alarm('m + 1', stat('m', 'X')).Metrics, () => undefined);
    expect(r.unknown).toBe('AWS/ApplicationELB X');
  });
  test('counts how often metrics occur, so the caller knows when intervals may be too wide', () => {
    expect(run('m').occurrences).toBe(1);
    expect(run('m - m').occurrences).toBe(2);
    expect(run('m - m').range).toEqual([-90, 90]);
  });
  test('parses numbers, ids and operators with precedence', () => {
    expect(parseExpression('1 + 2 * m')).toEqual({ k: 'bin', op: '+', a: { k: 'num', v: 1 }, b: { k: 'bin', op: '*', a: { k: 'num', v: 2 }, b: { k: 'id', id: 'm' } } });
  });
});
