import { MODULE_IDS } from '../../course';
import type { Drill } from '../../model/drill';
import { firstLine } from '../../grading/errors';
import { estimateAttempts, isRegion, oneLine } from '../../cost';
import { pristineAttempt } from '../../grading/attempt';
import { LAB_DEFAULTS, parseCidr, studentNameError } from '../../lab';
import { accountOf, readRoster as readClassRoster, RosterEntry, roleArn } from '../../classroom/roster';
import type { DrillCatalog } from '../../grading/catalog';
import { didYouMean } from '../select';
import { shown } from '../../model/text';
import { Command, EXIT, parse, UsageError } from '../command';

export const deployCommand: Command = {
  name: 'deploy',
  help: `Usage: awswo deploy <module|drill> (--student NAME | --roster FILE.csv) [--allowed-cidr CIDR]
                    [--ttl-hours N] [--region R] [--bootstrap] [--dry-run]

For each student, prints the cost estimate of each lab (offline, from the bundled price table),
then deploys the student's lab stacks in this process through @aws-cdk/toolkit-lib (the library's
CDK app synthesized with -c module, -c student...; the same stacks as npx cdk deploy). Students are
deployed one after another with progress per student; a student whose deploy fails does not stop
the others; a summary at the end says who is deployed. A module deploys every drill of the module;
a drill deploys its stack only. With --dry-run nothing is deployed: the estimate and the
equivalent npx cdk deploy command per student are printed.

The roster is a CSV file with a student column (or one name a line). It may give each student
an AWS account (account: 12 digits) and a role to assume there (role: an ARN, or a role name in
that account), and a region: the student's labs are then deployed into that account with the
role's credentials (STS AssumeRole from the standard chain's credentials). A student with an
account but no role is deployed only if the standard chain's credentials act in that account.
--bootstrap runs cdk bootstrap in each student's account and region first. awswo grade --live and
awswo sweep take the same roster to work in the student's account.

Credentials, region and endpoint come from the standard AWS chain (AWS_PROFILE, AWS_REGION,
AWS_ENDPOINT_URL).

Options:
  --student NAME       one student (lowercase letters, digits, single hyphens)
  --roster FILE.csv    the class: student[, account, role, region]
  --allowed-cidr CIDR  the only CIDR lab ingress may come from (-c allowedCidr)
  --ttl-hours N        hours until each lab deletes itself (default ${LAB_DEFAULTS.ttlHours}; 1 to 168)
  --region R           the region to deploy to (default: AWS_REGION or the profile's)
  --bootstrap          bootstrap each student's account and region before deploying
  --dry-run            print the estimates and commands, deploy nothing
  -h, --help           this help

Exit codes: 0 every student deployed (or dry run), 1 some student's deploy failed (the summary
says which), 2 bad arguments or roster.`,
  async run(argv, ctx) {
    const { values, positionals } = parse(argv, {
      student: { type: 'string' },
      roster: { type: 'string' },
      'allowed-cidr': { type: 'string' },
      'ttl-hours': { type: 'string' },
      region: { type: 'string' },
      bootstrap: { type: 'boolean' },
      'dry-run': { type: 'boolean' },
    });
    const target = selectTarget(ctx.catalog, positionals);
    const entries = selectRosterEntries(values.student as string | undefined, values.roster as string | undefined);
    const students = entries.map((e) => e.student);
    const cidr = values['allowed-cidr'] as string | undefined;
    if (cidr !== undefined) {
      try {
        parseCidr(cidr);
      } catch (err) {
        throw new UsageError(`--allowed-cidr: ${firstLine(err)}`);
      }
    }
    const ttlText = values['ttl-hours'] as string | undefined;
    const ttl = ttlText === undefined ? undefined : Number(ttlText);
    if (ttl !== undefined && !(Number.isInteger(ttl) && ttl >= 1 && ttl <= 168)) throw new UsageError(`--ttl-hours must be a whole number of hours from 1 to 168 (got "${ttlText}")`);
    const regionArg = values.region as string | undefined;
    if (regionArg !== undefined && !/^[a-z0-9][a-z0-9-]*$/.test(regionArg)) throw new UsageError(`--region: "${shown(regionArg)}" is not an AWS region such as eu-west-1`);

    const envRegion = regionArg ?? process.env.AWS_REGION ?? process.env.AWS_DEFAULT_REGION;
    const region = envRegion && isRegion(envRegion) ? envRegion : 'us-east-1';
    const note = envRegion && !isRegion(envRegion) ? ` (${envRegion} is not in the price table: priced in us-east-1)` : '';
    const hours = ttl ?? LAB_DEFAULTS.ttlHours;
    let total = 0;
    const estimates = await estimateAttempts(target.drills.map((drill) => ({ drill, attempt: pristineAttempt(drill) })), region);
    for (const [i, drill] of target.drills.entries()) {
      const e = estimates[i];
      total += e.hourly;
      ctx.out(`estimate ${drill.id}: ${oneLine(e)}${note}; ~$${(e.hourly * hours).toFixed(2)} for ${hours} h per student\n`);
      for (const r of e.risks) ctx.out(`  RISK ${r.message}\n`);
    }
    ctx.out(`${students.length} student(s) × ${target.drills.length} lab(s): ~$${(total * hours * students.length).toFixed(2)} for ${hours} h\n`);

    if (values['dry-run']) {
      for (const e of entries) {
        const where = [accountOf(e) && `account ${accountOf(e)}`, roleArn(e) && `as ${roleArn(e)}`, e.region && `in ${e.region}`].filter(Boolean).join(' ');
        ctx.out(`(dry run) npx ${cdkDeployArgs(target, e.student, cidr, ttl).map(quote).join(' ')}${where ? `  # ${where}` : ''}\n`);
      }
      return EXIT.ok;
    }
    process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
    const { deployClass, renderDeploySummary, toolkitDeployer } = require('../../classroom/class-deploy') as typeof import('../../classroom/class-deploy');
    const results = await deployClass(entries, { module: target.module, stacks: target.drills.map((d) => d.id), allowedCidr: cidr, ttlHours: ttl }, {
      deployer: toolkitDeployer(),
      region: regionArg,
      bootstrap: !!values.bootstrap,
      progress: (line) => ctx.err(`${line}\n`),
    });
    ctx.out(renderDeploySummary(results));
    return results.every((r) => r.ok) ? EXIT.ok : EXIT.failed;
  },
};

interface Target {
  readonly module: string;
  /** Set when one drill was asked for: only its stack deploys. */
  readonly drill?: Drill;
  readonly drills: readonly Drill[];
}

function selectTarget(catalog: DrillCatalog, positionals: string[]): Target {
  if (positionals.length !== 1) throw new UsageError(`deploy takes one module (e.g. 02) or drill id (got ${positionals.length ? positionals.join(' ') : 'none'})`);
  const [what] = positionals;
  if (/^\d{1,2}$/.test(what)) {
    const m = what.padStart(2, '0');
    if (!MODULE_IDS.includes(m as never)) throw new UsageError(`unknown module "${what}": modules are ${MODULE_IDS.join(', ')}`);
    const drills = catalog.ofModule(m);
    if (drills.length === 0) throw new UsageError(`module ${m} has no drills yet`);
    return { module: m, drills };
  }
  const drill = catalog.find(what);
  if (!drill) throw new UsageError(`unknown module or drill "${shown(what)}"${didYouMean(what, catalog.ids())} (see awswo list)`);
  return { module: drill.module, drill, drills: [drill] };
}

/** --student or --roster, exactly one; every name valid. */
export function selectRosterEntries(student: string | undefined, roster: string | undefined): RosterEntry[] {
  if (student !== undefined && roster !== undefined) throw new UsageError('give --student or --roster, not both');
  if (student === undefined && roster === undefined) throw new UsageError('deploy needs --student NAME or --roster FILE.csv');
  if (student !== undefined) {
    const problem = studentNameError(student);
    if (problem) throw new UsageError(`--student: ${problem}`);
    return [{ student, line: 0 }];
  }
  return readClassRoster(roster!);
}

/** The student names of a roster (see lib/classroom/roster.ts). */
export function readRoster(file: string): string[] {
  return readClassRoster(file).map((e) => e.student);
}

/** The arguments of `npx cdk deploy ...` for one student. */
export function cdkDeployArgs(target: Target, student: string, cidr?: string, ttl?: number): string[] {
  const args = ['cdk', 'deploy', '-c', `module=${target.module}`, '-c', `student=${student}`];
  if (cidr) args.push('-c', `allowedCidr=${cidr}`);
  if (ttl !== undefined) args.push('-c', `ttlHours=${ttl}`);
  // Stacks are selected by construct id (the drill id); the stack name awswo-<student>-<drill> follows from -c student.
  if (target.drill) args.push(target.drill.id);
  else args.push('--all');
  return args;
}

function quote(arg: string): string {
  return /^[A-Za-z0-9_.,:/=@+-]+$/.test(arg) ? arg : `'${arg.replace(/'/g, `'\\''`)}'`;
}
