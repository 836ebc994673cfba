import { spawnSync } from 'child_process';
import * as fs from 'fs';
import { MODULE_IDS } from '../../course';
import type { Drill } from '../../model/drill';
import { firstLine } from '../../grading/errors';
import { estimateAttempts, isRegion, oneLine } from '../../cost';
import { pristineAttempt } from '../../grading/attempt';
import { LAB_DEFAULTS, parseCidr, studentNameError } from '../../lab';
import { LIBRARY_ROOT } from '../../paths';
import type { DrillCatalog } from '../../grading/catalog';
import { didYouMean } from '../select';
import { shown } from '../../model/text';
import { Command, EXIT, parse, UsageError } from '../command';

export const deployCommand: Command = {
  name: 'deploy',
  help: `Usage: awswo deploy <module|drill> (--student NAME | --roster FILE.csv) [--allowed-cidr CIDR]
                    [--ttl-hours N] [--dry-run]

For each student, prints the cost estimate of each lab (offline, from the bundled price table) and
the exact npx cdk deploy command, then runs it from this library (stdout and stderr passed
through). A module deploys every drill of the module; a drill deploys its stack only. With
--dry-run nothing runs. Credentials and region come from the standard AWS chain (AWS_PROFILE,
AWS_REGION).

Options:
  --student NAME       one student (lowercase letters, digits, single hyphens)
  --roster FILE.csv    one student name per line, or a CSV with a "student" column
  --allowed-cidr CIDR  the only CIDR lab ingress may come from (-c allowedCidr)
  --ttl-hours N        hours until each lab deletes itself (default ${LAB_DEFAULTS.ttlHours}; 1 to 168)
  --dry-run            print the estimates and commands, run nothing
  -h, --help           this help

Exit codes: 0 deployed (or dry run), 2 bad arguments or roster; otherwise the exit code of the
first cdk deploy that failed.`,
  async run(argv, ctx) {
    const { values, positionals } = parse(argv, {
      student: { type: 'string' },
      roster: { type: 'string' },
      'allowed-cidr': { type: 'string' },
      'ttl-hours': { type: 'string' },
      'dry-run': { type: 'boolean' },
    });
    const target = selectTarget(ctx.catalog, positionals);
    const students = selectStudents(values.student as string | undefined, values.roster as string | undefined);
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

    const envRegion = process.env.AWS_REGION ?? process.env.AWS_DEFAULT_REGION;
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

    const commands = students.map((s) => cdkDeployArgs(target, s, cidr, ttl));
    for (const args of commands) ctx.out(`${values['dry-run'] ? '(dry run) ' : ''}npx ${args.map(quote).join(' ')}\n`);
    if (values['dry-run']) return EXIT.ok;
    for (const args of commands) {
      const r = spawnSync('npx', args, { cwd: LIBRARY_ROOT, stdio: 'inherit', env: process.env });
      if (r.error) {
        ctx.err(`awswo deploy: cannot run npx: ${firstLine(r.error)}\n`);
        return EXIT.error;
      }
      if (r.status !== 0) return r.status ?? EXIT.error;
    }
    return EXIT.ok;
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
export function selectStudents(student: string | undefined, roster: string | undefined): string[] {
  if (student !== undefined && roster !== undefined) throw new UsageError('give --student or --roster, not both');
  if (student === undefined && roster === undefined) throw new UsageError('deploy needs --student NAME or --roster FILE.csv');
  if (student !== undefined) {
    const problem = studentNameError(student);
    if (problem) throw new UsageError(`--student: ${problem}`);
    return [student];
  }
  return readRoster(roster!);
}

/** One name a line, or a CSV whose header has a `student` column. Blank lines and # comments are skipped. */
export function readRoster(file: string): string[] {
  if (!fs.existsSync(file) || !fs.statSync(file).isFile()) throw new UsageError(`roster not found: ${file}`);
  const lines = fs.readFileSync(file, 'utf8').split(/\r?\n/).map((l) => l.trim()).filter((l) => l && !l.startsWith('#'));
  if (lines.length === 0) throw new UsageError(`roster ${file} names no student`);
  const cells = (l: string) => l.split(',').map((c) => c.trim().replace(/^"(.*)"$/, '$1'));
  const header = cells(lines[0]).map((c) => c.toLowerCase());
  let names: Array<{ name: string; line: number }>;
  if (header.includes('student')) {
    const col = header.indexOf('student');
    names = lines.slice(1).map((l, i) => ({ name: cells(l)[col] ?? '', line: i + 2 }));
  } else if (header.length > 1) {
    throw new UsageError(`roster ${file}: a CSV needs a "student" column (or give one name a line)`);
  } else {
    names = lines.map((l, i) => ({ name: l, line: i + 1 }));
  }
  const seen = new Set<string>();
  for (const { name, line } of names) {
    const problem = studentNameError(name);
    if (problem) throw new UsageError(`roster ${file}, entry ${line}: ${problem}`);
    if (seen.has(name)) throw new UsageError(`roster ${file}, entry ${line}: student "${name}" is listed twice`);
    seen.add(name);
  }
  if (seen.size === 0) throw new UsageError(`roster ${file} names no student`);
  return [...seen];
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
