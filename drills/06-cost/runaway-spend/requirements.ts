// What runaway-spend asks of the workload (README: "What the fix must keep"), as functions of the
// values the template and the AWS APIs both give (the budget's and the notifications' fields have
// the same names in CloudFormation and in the Budgets API, filters included): static and live checks judge alike.
import { iamMatch } from '../../../lib/checks/iam/pattern';
import { asList, render } from '../../../lib/template/read';

/** As the README states them. */
export const MAX_CONCURRENCY = 10;
export const MAX_BUDGET_USD = 20;

/** What is wrong with a function's reserved concurrency (undefined: none reserved), or undefined. */
export function concurrencyProblem(fn: string, reserved: unknown): string | undefined {
  const n = reserved === undefined || reserved === null ? undefined : Number(reserved);
  if (n === undefined) return `${fn} has no reserved concurrency: it scales to the account limit`;
  if (!(n >= 1 && n <= MAX_CONCURRENCY)) {
    return `${fn}: ReservedConcurrentExecutions is ${render(reserved)}, want 1 to ${MAX_CONCURRENCY}${n === 0 ? ' (0 stops the function altogether)' : ''}`;
  }
  return undefined;
}

/**
 * What is wrong with one budget: COST, MONTHLY or DAILY, at most MAX_BUDGET_USD, and a notification
 * at or under 100 % (or under the limit, in absolute terms) that reaches an email address or an SNS
 * topic `topicAccepts` says lets budgets.amazonaws.com publish.
 */
export function budgetIssues(
  budget: { BudgetType?: unknown; TimeUnit?: unknown; BudgetLimit?: { Amount?: unknown; Unit?: unknown } },
  notificationsWithSubscribers: readonly unknown[],
  topicAccepts: (address: unknown) => boolean,
): { issues: string[]; alerts: number; amount: number } {
  const issues: string[] = [];
  if (budget.BudgetType !== 'COST') issues.push(`BudgetType is ${render(budget.BudgetType ?? 'unset')}, want COST`);
  if (!['MONTHLY', 'DAILY'].includes(budget.TimeUnit as string)) issues.push(`TimeUnit is ${render(budget.TimeUnit ?? 'unset')}, want MONTHLY or DAILY`);
  const amount = Number(budget.BudgetLimit?.Amount);
  if (!(amount > 0 && amount <= MAX_BUDGET_USD) || (budget.BudgetLimit?.Unit ?? 'USD') !== 'USD') issues.push(`the limit is ${render(budget.BudgetLimit?.Amount)} ${render(budget.BudgetLimit?.Unit ?? '')}, want at most ${MAX_BUDGET_USD} USD`.replace('  ', ' '));
  const alerts = notificationsWithSubscribers.filter((n: any) => {
    const t = n?.Notification ?? {};
    const threshold = Number(t.Threshold);
    const sensible = (t.ThresholdType ?? 'PERCENTAGE') === 'PERCENTAGE' ? threshold > 0 && threshold <= 100 : threshold > 0 && threshold <= amount;
    const receivers = asList(n?.Subscribers).filter((s: any) => {
      if (s?.SubscriptionType === 'EMAIL') return /^[^@\s]+@[^@\s]+$/.test(render(s.Address));
      if (s?.SubscriptionType === 'SNS') return topicAccepts(s.Address);
      return false;
    });
    return ['GREATER_THAN', 'EQUAL_TO'].includes(t.ComparisonOperator) && sensible && receivers.length > 0;
  });
  if (alerts.length === 0) issues.push('no notification at or under 100 % reaches an email address or an SNS topic whose policy lets budgets.amazonaws.com publish');
  return { issues, alerts: alerts.length, amount };
}

/** A topic policy's statements let budgets.amazonaws.com publish (the template's, or GetTopicAttributes' Policy). */
export function letsBudgetsPublish(statements: readonly unknown[]): boolean {
  return statements.some((s: any) =>
    s?.Effect === 'Allow'
    && asList(s.Action).some((a) => iamMatch(String(a), 'sns:Publish'))
    && asList(s.Principal?.Service).some((x) => render(x) === 'budgets.amazonaws.com'));
}

/** The spend a budget must count: the function that runs away, as Cost Explorer sees its charges. */
export interface CostLine {
  readonly service: string;
  readonly tags: ReadonlyMap<string, string>;
}

/** A Lambda function's charges, with the tags it carries (the template's, or the deployed function's). */
export function lambdaCostLine(tags: Iterable<readonly [string, string]>): CostLine {
  return { service: 'AWS Lambda', tags: new Map(tags) };
}

/**
 * What a budget's CostFilters and FilterExpression do to the line (the same fields in CloudFormation
 * and in DescribeBudget): `issues` when they leave it out, `cannotTell` when they filter on
 * something the grader does not evaluate (an ERROR, never a pass).
 */
export function budgetFilterIssues(budget: { CostFilters?: unknown; FilterExpression?: unknown }, line: CostLine, fn: string): { issues: string[]; cannotTell?: string } {
  const issues: string[] = [];
  const filtered = costFiltersMiss(budget.CostFilters as Record<string, unknown> | undefined, line, fn);
  if (filtered && typeof filtered !== 'string') return { issues, cannotTell: filtered.cannotTell };
  if (filtered) issues.push(filtered);
  const counted = budget.FilterExpression === undefined || budget.FilterExpression === null ? true : expressionCounts(budget.FilterExpression, line);
  if (typeof counted === 'string') return { issues, cannotTell: `${counted}, which the grader does not evaluate` };
  if (!counted) issues.push(`its FilterExpression leaves out ${fn}'s spend (${line.service}, tagged ${[...line.tags].filter(([k]) => k.startsWith('awswo:')).map(([k, v]) => `${k}=${v}`).join(', ')})`);
  return { issues };
}

/** Why CostFilters leave the line out, undefined when they count it, or what the grader cannot tell. */
function costFiltersMiss(filters: Record<string, unknown> | undefined, line: CostLine, fn: string): string | { cannotTell: string } | undefined {
  for (const [key, raw] of Object.entries(filters ?? {})) {
    const values = asList(raw).map((v) => render(v));
    if (key === 'Service') {
      if (!values.includes(line.service)) return `it counts only the service(s) ${values.join(', ')}, so ${fn}'s spend (${line.service}) is not in it`;
    } else if (key === 'TagKeyValue') {
      const carried = values.some((v) => {
        const [k, ...rest] = v.replace(/^user:/, '').split('$');
        return line.tags.get(k) === rest.join('$');
      });
      if (!carried) return `it counts only resources tagged ${values.map((v) => v.replace(/^user:/, '').replace('$', '=')).join(' or ')}, which ${fn} is not`;
    } else {
      return { cannotTell: `the budget filters on ${key}, which the grader does not evaluate` };
    }
  }
  return undefined;
}

/** Whether a Budgets FilterExpression counts the line: true, false, or why the grader cannot tell. */
function expressionCounts(x: any, line: CostLine): boolean | string {
  if (!x || typeof x !== 'object') return true;
  const all = (list: unknown[], combine: 'and' | 'or'): boolean | string => {
    const results = list.map((y) => expressionCounts(y, line));
    const unknown = results.find((r) => typeof r === 'string');
    if (unknown !== undefined) return unknown;
    return combine === 'and' ? results.every(Boolean) : results.some(Boolean);
  };
  const checks: Array<boolean | string> = [];
  if (x.And) checks.push(all(asList(x.And), 'and'));
  if (x.Or) checks.push(all(asList(x.Or), 'or'));
  if (x.Not) {
    const r = expressionCounts(x.Not, line);
    checks.push(typeof r === 'string' ? r : !r);
  }
  const matches = (values: string[], value: string | undefined, options: string[]) =>
    options.includes('ABSENT') ? value === undefined : value !== undefined && values.some((v) => (options.includes('STARTS_WITH') ? value.startsWith(v) : options.includes('ENDS_WITH') ? value.endsWith(v) : options.includes('CONTAINS') ? value.includes(v) : value === v));
  if (x.Dimensions) {
    const key = String(x.Dimensions.Key);
    if (key !== 'SERVICE') return `a FilterExpression on the dimension ${key}`;
    checks.push(matches(asList(x.Dimensions.Values).map((v) => render(v)), line.service, asList(x.Dimensions.MatchOptions).map(String)));
  }
  if (x.Tags) {
    const key = render(x.Tags.Key).replace(/^user:/, '');
    checks.push(matches(asList(x.Tags.Values).map((v) => render(v)), line.tags.get(key), asList(x.Tags.MatchOptions).map(String)));
  }
  if (x.CostCategories) return 'a FilterExpression on cost categories';
  const unknown = checks.find((c) => typeof c === 'string');
  return unknown !== undefined ? unknown : checks.every(Boolean);
}
