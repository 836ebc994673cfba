// What runaway-spend asks of the workload (README: "What the fix must keep"), as functions of the
// values the template and the AWS APIs both give (the budget's and the notifications' fields have
// the same names in CloudFormation and in the Budgets API): static and live checks judge alike.
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
