import { defineDrill, StaticCheck } from '../../../lib/model/drill';
import { fail, pass } from '../../../lib/model/verdict';
import { locateResource, runbookCoversChanges, runbookSectionsFilled } from '../../../lib/checks';
import { grantHasAction, iamModel } from '../../../lib/checks/iam/model';
import { iamMatch } from '../../../lib/checks/iam/pattern';
import { asList, refTarget, render, resources } from '../../../lib/template/read';
import { TemplateJson } from '../../../lib/model/template';
import type { TemplatePair } from '../../../lib/template/identity';
import { EventGraph, eventLoops } from '../../../lib/cost/loops';
import { RUNBOOK_SECTIONS } from '../../runbook-sections';

/** As the README states them. */
export const MAX_CONCURRENCY = 10;
export const MAX_BUDGET_USD = 20;

const FUNCTION = 'ThumbnailFunction';

function thumbnailFunction(e: TemplatePair) {
  return locateResource(e, FUNCTION, 'AWS::Lambda::Function');
}
const missing = `${FUNCTION} (AWS::Lambda::Function) is missing from the template: fix it, don't delete it`;

/** No event the function causes comes back to it, through any chain of S3, SNS, SQS, EventBridge and Lambda. */
const noS3Loop: StaticCheck = {
  id: 'no-s3-loop',
  run: ({ template }) => {
    const loops = eventLoops(template);
    if (loops.length) return fail(`recursive loop: ${loops.map((l) => l.message).join('; ')}`);
    return pass('no chain of notifications, topics, queues, rules and functions leads back to where it started');
  },
};

/** Uploads still get thumbnails: some bucket's ObjectCreated events invoke the function, and it may write objects. */
const stillMakesThumbnails: StaticCheck = {
  id: 'still-makes-thumbnails',
  run: (e) => {
    const { template } = e;
    const fn = thumbnailFunction(e);
    if (!fn) return fail(missing);
    const graph = new EventGraph(template);
    const buckets = graph.bucketsReaching(fn.logicalId);
    if (buckets.length === 0) return fail(`no bucket's new objects reach ${FUNCTION} any more (directly or through a topic, queue or rule): uploads would get no thumbnails`);
    const model = iamModel(template);
    const writes = model.runsAs(fn.logicalId).some((r) => model.grantsOf(r.principal, { assume: false }).some((g) => grantHasAction(g, 's3:PutObject')));
    if (!writes) return fail(`${FUNCTION} may not s3:PutObject anywhere: it cannot write its thumbnails`);
    return pass(`${FUNCTION} runs on new objects of ${buckets.map((b) => graph.label(b)).join(', ')} and may write thumbnails`);
  },
};

/** Lambda's own recursive loop detection stays on. */
const loopDetectionOn: StaticCheck = {
  id: 'loop-detection-on',
  run: (e) => {
    const fn = thumbnailFunction(e);
    if (!fn) return fail(missing);
    if (fn.resource.Properties?.RecursiveLoop === 'Allow') return fail(`${FUNCTION}: RecursiveLoop is Allow, so Lambda will not stop a loop; set it back to Terminate`);
    return pass(`${FUNCTION}: recursive loop detection is on`);
  },
};

const concurrencyCapped: StaticCheck = {
  id: 'concurrency-capped',
  run: (e) => {
    const fn = thumbnailFunction(e);
    if (!fn) return fail(missing);
    const v = fn.resource.Properties?.ReservedConcurrentExecutions;
    const n = v === undefined ? undefined : Number(v);
    if (n === undefined) return fail(`${FUNCTION} has no reserved concurrency: it scales to the account limit`);
    if (!(n >= 1 && n <= MAX_CONCURRENCY)) {
      return fail(`${FUNCTION}: ReservedConcurrentExecutions is ${render(v)}, want 1 to ${MAX_CONCURRENCY}${n === 0 ? ' (0 stops the function altogether)' : ''}`);
    }
    return pass(`${FUNCTION}: at most ${n} concurrent executions`);
  },
};

/** The SNS topic a budget publishes to lets budgets.amazonaws.com publish. */
function topicAcceptsBudgets(template: TemplateJson, topicId: string): boolean {
  return resources(template, { type: 'AWS::SNS::TopicPolicy' })
    .filter((p) => asList(p.resource.Properties?.Topics).some((t) => refTarget(t) === topicId))
    .some((p) => asList(p.resource.Properties?.PolicyDocument?.Statement).some((s: any) =>
      s?.Effect === 'Allow'
      && asList(s.Action).some((a) => iamMatch(String(a), 'sns:Publish'))
      && asList(s.Principal?.Service).some((x) => render(x) === 'budgets.amazonaws.com')));
}

/** A budget of the lab's own (guardrails excluded): monthly or daily cost, small, with an alert someone receives. */
const labBudget: StaticCheck = {
  id: 'lab-budget-alert',
  run: ({ template }) => {
    const found = resources(template, { type: 'AWS::Budgets::Budget' });
    if (found.length === 0) {
      return fail(`the lab has no AWS::Budgets::Budget of its own (the guardrail budget under AwswoGuardrails/ does not count): add SpendBudget with an alert`);
    }
    const problems: string[] = [];
    for (const b of found) {
      const budget = b.resource.Properties?.Budget ?? {};
      const issues: string[] = [];
      if (budget.BudgetType !== 'COST') issues.push(`BudgetType is ${budget.BudgetType ?? 'unset'}, want COST`);
      if (!['MONTHLY', 'DAILY'].includes(budget.TimeUnit)) issues.push(`TimeUnit is ${budget.TimeUnit ?? 'unset'}, want MONTHLY or DAILY`);
      const amount = Number(budget.BudgetLimit?.Amount);
      if (!(amount > 0 && amount <= MAX_BUDGET_USD) || (budget.BudgetLimit?.Unit ?? 'USD') !== 'USD') issues.push(`the limit is ${render(budget.BudgetLimit?.Amount)} ${budget.BudgetLimit?.Unit ?? ''}, want at most ${MAX_BUDGET_USD} USD`.replace('  ', ' '));
      const alerts = asList(b.resource.Properties?.NotificationsWithSubscribers).filter((n: any) => {
        const t = n?.Notification ?? {};
        const threshold = Number(t.Threshold);
        const sensible = (t.ThresholdType ?? 'PERCENTAGE') === 'PERCENTAGE' ? threshold > 0 && threshold <= 100 : threshold > 0 && threshold <= amount;
        const receivers = asList(n?.Subscribers).filter((s: any) => {
          if (s?.SubscriptionType === 'EMAIL') return /^[^@\s]+@[^@\s]+$/.test(render(s.Address));
          if (s?.SubscriptionType === 'SNS') {
            const topic = refTarget(s.Address);
            return !!topic && topicAcceptsBudgets(template, topic);
          }
          return false;
        });
        return ['GREATER_THAN', 'EQUAL_TO'].includes(t.ComparisonOperator) && sensible && receivers.length > 0;
      });
      if (alerts.length === 0) issues.push('no notification at or under 100 % reaches an email address or an SNS topic whose policy lets budgets.amazonaws.com publish');
      if (issues.length === 0) return pass(`${b.path.split('/')[0]}: ${budget.TimeUnit} cost budget of $${amount} with ${alerts.length} alert(s)`);
      problems.push(`${b.path.split('/')[0]}: ${issues.join('; ')}`);
    }
    return fail(problems.join(' | '));
  },
};

export default defineDrill({
  id: 'runaway-spend',
  module: '06',
  title: 'The thumbnail job that never stops',
  summary: 'An S3-triggered Lambda writes back into the bucket that triggers it, uncapped and unbudgeted: break the loop, cap concurrency, add a budget alert.',
  soaTasks: ['1.2', '1.3', '1.1'],
  difficulty: 'core',
  estimatedCostPerHour: 0.0,
  dir: __dirname,
  runbook: { sections: RUNBOOK_SECTIONS },
  // The drill is about how uploads reach the function: fanning them out through a topic, a queue
  // or an EventBridge rule is a fix in scope (the loop check follows every such chain).
  scope: { mayAdd: ['AWS::SNS::Subscription', 'AWS::Lambda::EventSourceMapping', 'AWS::Events::Rule'] },
  traps: [
    { id: 'recursive-loop', description: 'UploadsBucket invokes ThumbnailFunction on every new object, and ThumbnailFunction writes thumbnails into UploadsBucket', objective: 'loop-broken', resource: 'ThumbnailFunction' },
    { id: 'loop-detection-off', description: 'ThumbnailFunction sets RecursiveLoop: Allow', objective: 'loop-broken', resource: 'ThumbnailFunction' },
    { id: 'no-concurrency-cap', description: 'ThumbnailFunction has no reserved concurrency', objective: 'concurrency-capped', resource: 'ThumbnailFunction' },
    { id: 'no-budget', description: 'no budget of the lab\'s own; only the guardrail budget, which alerts at 80 % of the whole lab\'s month', objective: 'budget-alert', resource: 'SpendBudget' },
    { id: 'runbook-unfilled', description: 'RUNBOOK.md is the blank template', objective: 'change-recorded', resource: 'RUNBOOK.md' },
  ],
  objectives: [
    {
      id: 'loop-broken',
      title: 'Thumbnails can never trigger the function again, and uploads still get thumbnails',
      weight: 4,
      soaTask: '1.2',
      hint: 'Trigger on the uploads/ prefix only, grant s3:PutObject on thumbnails/* only (or write to a separate ThumbnailsBucket), and remove RecursiveLoop.ALLOW.',
      checks: [noS3Loop, loopDetectionOn, stillMakesThumbnails],
    },
    {
      id: 'concurrency-capped',
      title: `The function runs at most ${MAX_CONCURRENCY} copies at once`,
      weight: 2,
      soaTask: '1.3',
      hint: `Set reservedConcurrentExecutions on ThumbnailFunction (1 to ${MAX_CONCURRENCY}; the README's load needs 5).`,
      checks: [concurrencyCapped],
    },
    {
      id: 'budget-alert',
      title: 'A budget of the workload\'s own alerts before the money is gone',
      weight: 2,
      soaTask: '1.1',
      hint: `Add a budgets.CfnBudget (SpendBudget): COST, MONTHLY, at most $${MAX_BUDGET_USD}, with a notification at or under 100 % to an email address or an SNS topic that lets budgets.amazonaws.com publish.`,
      checks: [labBudget],
    },
    {
      id: 'change-recorded',
      title: 'The runbook records the fix',
      weight: 1,
      soaTask: '1.2',
      hint: 'Fill every section of RUNBOOK.md; under Record, name each resource you changed or added.',
      checks: [runbookSectionsFilled('runbook-filled', RUNBOOK_SECTIONS), runbookCoversChanges('record-covers-diff', 'Record')],
    },
  ],
});
