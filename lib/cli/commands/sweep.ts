import { renderSweep, sweep, sweepClean } from '../../cost/sweep';
import { studentNameError } from '../../lab/lab-context';
import { LiveSession } from '../../live/session';
import { Command, EXIT, oneOf, parse, UsageError } from '../command';

export const sweepCommand: Command = {
  name: 'sweep',
  help: `Usage: awswo sweep [--student NAME] [--roster FILE] [--dry-run] [--region R] [--format text|json]

Lists every resource tagged by awswo (awswo:drill, awswo:student, awswo:expires-at) through the
Resource Groups Tagging API. A resource whose stack is gone (DescribeStacks: does not exist, or
DELETE_COMPLETE) is deleted directly, even when CloudFormation lost track of it; a stack whose
awswo:expires-at has passed is deleted with DeleteStack. Resource types the sweep cannot delete are
listed as "delete by hand". With --dry-run nothing is deleted.

Credentials, region and endpoint come from the standard AWS SDK chain (AWS_PROFILE, AWS_REGION,
AWS_ENDPOINT_URL). Run it once per region labs were deployed to.

Options:
  --student NAME     only this student's resources
  --dry-run          list, delete nothing
  --region R         the region to sweep (default: AWS_REGION or the profile's region)
  --format F         text (default) or json
  --roster FILE      sweep each roster student's own account (the account and role columns, see
                     awswo deploy), that student's resources only; with --student, one of them
  -h, --help         this help

Exit codes: 0 nothing left (or dry run listed), 1 something failed or must be deleted by hand,
2 error (no credentials or region, access denied or throttled while listing, bad arguments).`,
  async run(argv, ctx) {
    const { values, positionals } = parse(argv, {
      student: { type: 'string' },
      'dry-run': { type: 'boolean' },
      region: { type: 'string' },
      format: { type: 'string' },
      roster: { type: 'string' },
    }, false);
    void positionals;
    const format = oneOf(values.format as string | undefined, ['text', 'json'] as const, '--format', 'text');
    const student = values.student as string | undefined;
    if (student !== undefined) {
      const problem = studentNameError(student);
      if (problem) throw new UsageError(`--student: ${problem}`);
    }
    const region = values.region as string | undefined;
    if (region !== undefined && !/^[a-z0-9][a-z0-9-]*$/.test(region)) throw new UsageError(`--region: "${region}" is not an AWS region such as eu-west-1`);
    process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
    const roster = values.roster as string | undefined;
    if (roster !== undefined) {
      const { readRoster } = require('../../classroom/roster') as typeof import('../../classroom/roster');
      const { studentAccount } = require('../../classroom/class-deploy') as typeof import('../../classroom/class-deploy');
      const entries = readRoster(roster).filter((e) => student === undefined || e.student === student);
      if (entries.length === 0) throw new UsageError(`--roster: ${student} is not on ${roster}`);
      const results = [];
      for (const e of entries) {
        const r = e.region ?? region;
        const { credentials, account } = await studentAccount(e, r);
        ctx.err(`sweeping ${e.student} in account ${account}\n`);
        results.push({ student: e.student, account, ...(await sweep(new LiveSession({ region: r, ...(credentials ? { clientConfig: { credentials } } : {}) }), { student: e.student, dryRun: !!values['dry-run'] })) });
      }
      ctx.out(format === 'json' ? JSON.stringify(results, null, 2) + '\n' : results.map((x) => `== ${x.student} (account ${x.account})\n${renderSweep(x)}`).join(''));
      return results.every(sweepClean) ? EXIT.ok : EXIT.failed;
    }
    const result = await sweep(new LiveSession({ region }), { student, dryRun: !!values['dry-run'] });
    ctx.out(format === 'json' ? JSON.stringify(result, null, 2) + '\n' : renderSweep(result));
    return sweepClean(result) ? EXIT.ok : EXIT.failed;
  },
};
