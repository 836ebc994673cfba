import { CloudFormationClient } from '@aws-sdk/client-cloudformation';
import { readBaseline } from '../../grading/baseline';
import { findResource } from '../../template/read';
import { labStackName, studentNameError } from '../../lab';
import { liveError } from '../../live/errors';
import type { InjectionContext } from '../../model/injection';
import { LiveSession, SessionOptions } from '../../live/session';
import { loadDeployedStack } from '../../live/stack';
import { Command, EXIT, parse, UsageError } from '../command';
import { findDrillOrFail } from '../select';

/** For tests: SDK client configuration and the clock. */
export interface InjectOptions {
  readonly session?: Omit<SessionOptions, 'region'>;
  readonly now?: () => Date;
}

export function injectCommand(opts: InjectOptions = {}): Command {
  return {
    name: 'inject',
    help: `Usage: awswo inject <drill> --student NAME [--region R] [--dry-run]

Breaks one student's deployed lab (stack awswo-<student>-<drill>) the way the drill's README
describes, and records when on the changed resource (tag awswo:incident-injected-at), so that
awswo grade --live can compare the student's incident log with the alarm history.
Drills with an incident declare one in their metadata (awswo show <drill> says so).

Options:
  --student NAME   whose lab to break (required)
  --region R       the lab's region (default: AWS_REGION or the profile's region)
  --dry-run        read the stack and print what would change; change nothing
  -h, --help       this help

Uses the standard AWS SDK credential chain (AWS_PROFILE, AWS_REGION, AWS_ENDPOINT_URL).
Exit codes: 0 injected (or dry run printed), 2 error (bad arguments, stack missing, AWS error).`,
    async run(argv, ctx) {
      const { values, positionals } = parse(argv, { student: { type: 'string' }, region: { type: 'string' }, 'dry-run': { type: 'boolean' } });
      if (positionals.length !== 1) throw new UsageError(`inject takes one drill id (got ${positionals.length ? positionals.join(' ') : 'none'})`);
      const [id] = positionals;
      const drill = findDrillOrFail(ctx.catalog, id);
      const injection = drill.injection;
      if (!injection) {
        const withOne = ctx.catalog.all().filter((d) => d.injection).map((d) => d.id);
        throw new UsageError(`drill ${drill.id} has no incident to inject (drills with one: ${withOne.join(', ') || 'none'})`);
      }
      const student = values.student as string | undefined;
      if (student === undefined) throw new UsageError('inject needs --student NAME: whose lab to break');
      const nameError = studentNameError(student);
      if (nameError) throw new UsageError(nameError);
      const dryRun = !!values['dry-run'];

      const stackName = labStackName({ student, drillId: drill.id });
      const session = new LiveSession({ ...opts.session, region: values.region as string | undefined });
      const { region, source } = await session.region();
      try {
        const stack = await loadDeployedStack(session.client(CloudFormationClient), stackName);
        const baseline = readBaseline(drill);
        const injectionCtx: InjectionContext = {
          stackName,
          region,
          dryRun,
          resource: (constructId) => {
            const logicalId = findResource(baseline, constructId)?.logicalId;
            return stack.resources.find((r) => r.logicalId === logicalId)?.physicalId || undefined;
          },
          client: (C) => session.client(C),
          now: opts.now ?? (() => new Date()),
        };
        ctx.out(`${dryRun ? 'dry run: ' : ''}${drill.id} for ${student} (stack ${stackName}, ${region}): ${injection.description}\n`);
        const result = await injection.run(injectionCtx);
        for (const step of result.steps) ctx.out(`  ${step}\n`);
        if (dryRun) ctx.out('nothing was changed (--dry-run)\n');
        else ctx.out(`incident injected at ${result.injectedAt}; the student works it, then runs awswo grade ${drill.id} --live --student ${student}\n`);
        return EXIT.ok;
      } catch (err) {
        throw liveError(err, { region, regionSource: source, stackName, apiCalls: ['cloudformation:DescribeStacks', 'cloudformation:ListStackResources', ...injection.apiCalls] }) ?? err;
      }
    },
  };
}

export const inject: Command = injectCommand();
