import { defineDrill, StaticCheck } from '../../../lib/model/drill';
import { error, fail, pass } from '../../../lib/model/verdict';
import { locateResource, runbookCoversChanges, runbookSectionsFilled, tagsOf } from '../../../lib/checks';
import { grantHasAction, iamModel } from '../../../lib/checks/iam/model';
import { asList, refTarget, render, resources } from '../../../lib/template/read';
import { TemplateJson } from '../../../lib/model/template';
import type { TemplatePair } from '../../../lib/template/identity';
import { EventGraph, eventLoops } from '../../../lib/cost/loops';
import { RUNBOOK_SECTIONS } from '../../runbook-sections';
import { budgetFilterIssues, budgetIssues, concurrencyProblem, lambdaCostLine, letsBudgetsPublish, MAX_BUDGET_USD, MAX_CONCURRENCY } from './requirements';

import { liveBudgetAlert, liveConcurrencyCapped, liveNoS3Loop } from './live';

export { MAX_BUDGET_USD, MAX_CONCURRENCY } from './requirements';

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
    const problem = concurrencyProblem(FUNCTION, v);
    if (problem) return fail(problem);
    return pass(`${FUNCTION}: at most ${Number(v)} concurrent executions`);
  },
};

/** The SNS topic a budget publishes to lets budgets.amazonaws.com publish. */
function topicAcceptsBudgets(template: TemplateJson, topicId: string): boolean {
  return resources(template, { type: 'AWS::SNS::TopicPolicy' })
    .filter((p) => asList(p.resource.Properties?.Topics).some((t) => refTarget(t) === topicId))
    .some((p) => letsBudgetsPublish(asList(p.resource.Properties?.PolicyDocument?.Statement)));
}

/** A budget of the lab's own (guardrails excluded): monthly or daily cost, small, with an alert someone receives. */
const labBudget: StaticCheck = {
  id: 'lab-budget-alert',
  run: (e) => {
    const { template } = e;
    const fn = thumbnailFunction(e);
    if (!fn) return fail(missing);
    const line = lambdaCostLine([...(tagsOf(fn.resource) ?? new Map())].map(([k, v]) => [k, render(v)]));
    const found = resources(template, { type: 'AWS::Budgets::Budget' });
    if (found.length === 0) {
      return fail(`the lab has no AWS::Budgets::Budget of its own (the guardrail budget under AwswoGuardrails/ does not count): add SpendBudget with an alert`);
    }
    const problems: string[] = [];
    for (const b of found) {
      const budget = b.resource.Properties?.Budget ?? {};
      const { issues, alerts, amount } = budgetIssues(budget, asList(b.resource.Properties?.NotificationsWithSubscribers), (address) => {
        const topic = refTarget(address);
        return !!topic && topicAcceptsBudgets(template, topic);
      });
      const filters = budgetFilterIssues(budget, line, FUNCTION);
      if (filters.cannotTell) return error(`${b.path.split('/')[0]}: ${filters.cannotTell}`);
      issues.push(...filters.issues);
      if (issues.length === 0) return pass(`${b.path.split('/')[0]}: ${budget.TimeUnit} cost budget of $${amount} with ${alerts} alert(s)`);
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
      liveChecks: [liveNoS3Loop('no-s3-loop-live', FUNCTION)],
    },
    {
      id: 'concurrency-capped',
      title: `The function runs at most ${MAX_CONCURRENCY} copies at once`,
      weight: 2,
      soaTask: '1.3',
      hint: `Set reservedConcurrentExecutions on ThumbnailFunction (1 to ${MAX_CONCURRENCY}; the README's load needs 5).`,
      checks: [concurrencyCapped],
      liveChecks: [liveConcurrencyCapped('concurrency-capped-live', FUNCTION)],
    },
    {
      id: 'budget-alert',
      title: 'A budget of the workload\'s own alerts before the money is gone',
      weight: 2,
      soaTask: '1.1',
      hint: `Add a budgets.CfnBudget (SpendBudget): COST, MONTHLY, at most $${MAX_BUDGET_USD}, with a notification at or under 100 % to an email address or an SNS topic that lets budgets.amazonaws.com publish.`,
      checks: [labBudget],
      liveChecks: [liveBudgetAlert('lab-budget-alert-live', 'SpendBudget', FUNCTION)],
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
