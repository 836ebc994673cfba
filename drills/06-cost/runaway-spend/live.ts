// Live checks of runaway-spend: the deployed function's concurrency, the buckets' event
// notifications against what the function may write, and the workload's budget, through the SDK
// (required where used, so a static grade never loads it), judged with the static checks' rules
// (requirements.ts). SDK errors propagate.
import type { Notification, Subscriber } from '@aws-sdk/client-budgets';
import type { LambdaFunctionConfiguration } from '@aws-sdk/client-s3';
import { error, fail, pass, Verdict } from '../../../lib/model/verdict';
import type { DeployedResource, LiveCheck, LiveContext } from '../../../lib/model/live-check';
import { errorName, isVerdict, notDeployed, notFoundLive } from '../../../lib/live/deployed';
import { stackEnv } from '../../../lib/live/stack';
import { DEPLOYED_POLICY_CALLS, deployedPolicies, evaluatePolicies } from '../../../lib/checks/iam/deployed-policies';
import { budgetFilterIssues, budgetIssues, concurrencyProblem, lambdaCostLine, letsBudgetsPublish } from './requirements';
import { isArn, parseArn, sdk } from '../../../lib/live/sdk';

const lambdaSdk = sdk.lambda;

/** The deployed function reserves 1 to MAX_CONCURRENCY concurrent executions (twin of concurrency-capped). */
export function liveConcurrencyCapped(id: string, fnId: string): LiveCheck {
  return {
    id,
    apiCalls: ['lambda:GetFunctionConcurrency'],
    driftSubjects: [fnId],
    run: async (ctx) => {
      const r = ctx.resource(fnId);
      if (!r) return notDeployed(ctx, fnId);
      const { GetFunctionConcurrencyCommand, LambdaClient } = lambdaSdk();
      let reserved: number | undefined;
      try {
        reserved = (await ctx.client(LambdaClient).send(new GetFunctionConcurrencyCommand({ FunctionName: r.physicalId }))).ReservedConcurrentExecutions;
      } catch (err) {
        if (errorName(err) === 'ResourceNotFoundException') return notFoundLive(fnId, r, 'lambda:GetFunctionConcurrency');
        throw err;
      }
      ctx.record({ call: 'lambda:GetFunctionConcurrency', request: { FunctionName: r.physicalId }, observed: { ReservedConcurrentExecutions: reserved ?? null } });
      const problem = concurrencyProblem(`deployed ${fnId} (${r.physicalId})`, reserved);
      if (problem) return fail(problem);
      return pass(`deployed ${fnId} (${r.physicalId}) runs at most ${reserved} copies at once`);
    },
  };
}

/** A bucket notification that invokes the function on new objects, and the keys it fires on. */
interface Trigger {
  readonly bucket: DeployedResource;
  readonly prefix: string;
  readonly suffix: string;
  readonly events: readonly string[];
}

const invokes = (c: LambdaFunctionConfiguration, fnArn: string, fnName: string) => {
  const arn = c.LambdaFunctionArn ?? '';
  // An alias or version of the function is the function too.
  return arn === fnArn || arn.split(':').slice(0, 7).join(':') === fnArn || (isArn(arn) && parseArn(arn).resource.split(':')[1] === fnName);
};

/**
 * No bucket of the deployed stack invokes the function on a new object under a key the function
 * may write (its execution role's deployed policies, evaluated for s3:PutObject on a key the
 * trigger fires on), and some bucket still invokes it on new objects (twin of no-s3-loop and
 * still-makes-thumbnails).
 */
export function liveNoS3Loop(id: string, fnId: string): LiveCheck {
  return {
    id,
    apiCalls: ['lambda:GetFunctionConfiguration', 's3:GetBucketNotification', ...DEPLOYED_POLICY_CALLS.role],
    driftSubjects: [fnId],
    run: async (ctx) => {
      const fn = ctx.resource(fnId);
      if (!fn) return notDeployed(ctx, fnId);
      const { GetFunctionConfigurationCommand, LambdaClient } = lambdaSdk();
      let config;
      try {
        config = await ctx.client(LambdaClient).send(new GetFunctionConfigurationCommand({ FunctionName: fn.physicalId }));
      } catch (err) {
        if (errorName(err) === 'ResourceNotFoundException') return notFoundLive(fnId, fn, 'lambda:GetFunctionConfiguration');
        throw err;
      }
      ctx.record({ call: 'lambda:GetFunctionConfiguration', request: { FunctionName: fn.physicalId }, observed: { FunctionArn: config.FunctionArn, Role: config.Role } });
      const triggers = await triggersOf(ctx, config.FunctionArn ?? '', fn.physicalId);
      if (isVerdict(triggers)) return triggers;
      if (triggers.length === 0) return fail(`no bucket of the deployed stack invokes ${fnId} on new objects any more: uploads would get no thumbnails`);
      const roleName = config.Role && isArn(config.Role) ? parseArn(config.Role).resource.split('/').pop() : undefined;
      if (!roleName) return fail(`deployed ${fnId} (${fn.physicalId}) runs as ${config.Role ?? 'no role'}, which is not a role ARN`);
      const policies = await deployedPolicies(ctx, 'AWS::IAM::Role', roleName);
      const { partition } = stackEnv(ctx.stack);
      const loops = triggers.flatMap((t) => {
        const probe = `arn:${partition}:s3:::${t.bucket.physicalId}/${t.prefix}awswo-loop-probe${t.suffix}`;
        const { decision, matched } = evaluatePolicies(policies, 's3:PutObject', probe);
        return decision === 'allowed' || decision === 'conditional' ? [`${t.bucket.logicalId} (${t.bucket.physicalId}) invokes ${fnId} on ${describeKeys(t)}, and ${fnId} may s3:PutObject there${decision === 'conditional' ? ' (under a condition)' : ''} (${matched.join(', ') || 'its role'})`] : [];
      });
      if (loops.length) return fail(`recursive loop in the deployed stack: ${loops.join('; ')}: every object it writes invokes it again`);
      return pass(`${triggers.map((t) => `${t.bucket.logicalId} invokes ${fnId} on ${describeKeys(t)}`).join('; ')}; ${fnId} may write none of those keys`);
    },
  };
}

const describeKeys = (t: Trigger) => (t.prefix || t.suffix ? `new objects${t.prefix ? ` under "${t.prefix}"` : ''}${t.suffix ? ` ending "${t.suffix}"` : ''}` : 'every new object');

/** Every ObjectCreated notification of the stack's buckets that invokes the function. */
async function triggersOf(ctx: LiveContext, fnArn: string, fnName: string) {
  const { GetBucketNotificationConfigurationCommand, S3Client } = sdk.s3();
  const out: Trigger[] = [];
  for (const bucket of ctx.stack.resources.filter((r) => r.type === 'AWS::S3::Bucket')) {
    ctx.resource(bucket.logicalId);
    let configs: LambdaFunctionConfiguration[];
    try {
      configs = (await ctx.client(S3Client).send(new GetBucketNotificationConfigurationCommand({ Bucket: bucket.physicalId }))).LambdaFunctionConfigurations ?? [];
    } catch (err) {
      if (errorName(err) === 'NoSuchBucket') return notFoundLive(bucket.logicalId, bucket, 's3:GetBucketNotificationConfiguration');
      throw err;
    }
    const mine = configs.filter((c) => invokes(c, fnArn, fnName));
    ctx.record({
      call: 's3:GetBucketNotificationConfiguration',
      request: { Bucket: bucket.physicalId },
      observed: { LambdaFunctionConfigurations: configs.map((c) => ({ LambdaFunctionArn: c.LambdaFunctionArn, Events: c.Events, FilterRules: c.Filter?.Key?.FilterRules ?? [] })) },
    });
    for (const c of mine) {
      const events = (c.Events ?? []).map(String);
      if (!events.some((e) => e.startsWith('s3:ObjectCreated'))) continue;
      const rule = (name: string) => c.Filter?.Key?.FilterRules?.find((f) => String(f.Name).toLowerCase() === name)?.Value ?? '';
      out.push({ bucket, prefix: rule('prefix'), suffix: rule('suffix'), events });
    }
  }
  return out;
}

/**
 * The workload's own deployed budget is a small monthly or daily cost budget with a notification
 * someone receives: an email address, or an SNS topic whose deployed policy lets
 * budgets.amazonaws.com publish; its cost filters, if any, count the deployed function `fnId`'s
 * spend, by the tags that function carries (twin of lab-budget-alert).
 */
export function liveBudgetAlert(id: string, budgetId: string, fnId: string): LiveCheck {
  return {
    id,
    // DescribeBudget, DescribeNotificationsForBudget and DescribeSubscribersForNotification are all authorized by budgets:ViewBudget.
    apiCalls: ['budgets:ViewBudget', 'sns:GetTopicAttributes', 'lambda:GetFunction'],
    driftSubjects: [budgetId],
    run: async (ctx) => {
      const r = ctx.resource(budgetId);
      if (!r) return notDeployed(ctx, budgetId);
      const { BudgetsClient, DescribeBudgetCommand, DescribeNotificationsForBudgetCommand, DescribeSubscribersForNotificationCommand } = sdk.budgets();
      const budgets = ctx.client(BudgetsClient);
      const { account: AccountId } = stackEnv(ctx.stack);
      const BudgetName = r.physicalId;
      const withSubscribers: Array<{ Notification: Notification; Subscribers: Subscriber[] }> = [];
      let budget;
      try {
        budget = (await budgets.send(new DescribeBudgetCommand({ AccountId, BudgetName }))).Budget;
        if (!budget) return notFoundLive(budgetId, r, 'budgets:DescribeBudget');
        let NextToken: string | undefined;
        do {
          const page = await budgets.send(new DescribeNotificationsForBudgetCommand({ AccountId, BudgetName, NextToken }));
          for (const Notification of page.Notifications ?? []) {
            const Subscribers = (await budgets.send(new DescribeSubscribersForNotificationCommand({ AccountId, BudgetName, Notification }))).Subscribers ?? [];
            withSubscribers.push({ Notification, Subscribers });
          }
          NextToken = page.NextToken;
        } while (NextToken);
      } catch (err) {
        if (errorName(err) === 'NotFoundException') return notFoundLive(budgetId, r, 'budgets:DescribeBudget');
        throw err;
      }
      ctx.record({
        call: 'budgets:DescribeBudget',
        request: { AccountId, BudgetName },
        observed: { BudgetType: budget.BudgetType, TimeUnit: budget.TimeUnit, BudgetLimit: budget.BudgetLimit, CostFilters: budget.CostFilters ?? null, FilterExpression: budget.FilterExpression ?? null, Notifications: withSubscribers },
      });
      // Filters are judged against the deployed function's own tags (what Cost Explorer groups its charges by).
      const filtered = Object.keys(budget.CostFilters ?? {}).length > 0 || budget.FilterExpression !== undefined;
      let filters: { issues: string[]; cannotTell?: string } = { issues: [] };
      if (filtered) {
        const found = await functionTags(ctx, fnId);
        if ('verdict' in found) return found.verdict;
        filters = budgetFilterIssues(budget, lambdaCostLine(Object.entries(found.tags)), fnId);
        if (filters.cannotTell) return error(`deployed ${budgetId} (${BudgetName}): ${filters.cannotTell}`);
      }
      const accepting = new Set<string>();
      const { GetTopicAttributesCommand, SNSClient } = sdk.sns();
      for (const TopicArn of new Set(withSubscribers.flatMap((n) => n.Subscribers.filter((s) => s.SubscriptionType === 'SNS').map((s) => s.Address ?? '')))) {
        let policy: string | undefined;
        try {
          policy = (await ctx.client(SNSClient).send(new GetTopicAttributesCommand({ TopicArn }))).Attributes?.Policy;
        } catch (err) {
          if (errorName(err) === 'NotFound' || errorName(err) === 'NotFoundException' || errorName(err) === 'InvalidParameter') policy = undefined;
          else throw err;
        }
        let statements: unknown[] = [];
        try {
          statements = [JSON.parse(policy ?? '{}').Statement ?? []].flat();
        } catch {
          statements = [];
        }
        ctx.record({ call: 'sns:GetTopicAttributes', request: { TopicArn }, observed: { Policy: policy ?? null } });
        if (letsBudgetsPublish(statements)) accepting.add(TopicArn);
      }
      const { issues, alerts, amount } = budgetIssues(budget, withSubscribers, (address) => accepting.has(String(address)));
      issues.push(...filters.issues);
      if (issues.length) return fail(`deployed ${budgetId} (${BudgetName}): ${issues.join('; ')}`);
      return pass(`deployed ${budgetId} (${BudgetName}): ${budget.TimeUnit} cost budget of $${amount} with ${alerts} alert(s) someone receives`);
    },
  };
}

/** The tags of the deployed function `fnId` (lambda:GetFunction), or the verdict when it is not there (apart: a tag is the student's data). */
async function functionTags(ctx: LiveContext, fnId: string): Promise<{ tags: Record<string, string> } | { verdict: Verdict }> {
  const r = ctx.resource(fnId);
  if (!r) return { verdict: notDeployed(ctx, fnId) };
  const { GetFunctionCommand, LambdaClient } = lambdaSdk();
  let tags: Record<string, string>;
  try {
    tags = (await ctx.client(LambdaClient).send(new GetFunctionCommand({ FunctionName: r.physicalId }))).Tags ?? {};
  } catch (err) {
    if (errorName(err) === 'ResourceNotFoundException') return { verdict: notFoundLive(fnId, r, 'lambda:GetFunction') };
    throw err;
  }
  ctx.record({ call: 'lambda:GetFunction', request: { FunctionName: r.physicalId }, observed: { Tags: tags } });
  return { tags };
}
