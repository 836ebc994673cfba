import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { buildGradebook, GradebookFormat, renderGradebook } from '../../classroom/gradebook';
import { readRoster } from '../../classroom/roster';
import { DEFAULT_LIMITS } from '../../sandbox/pool';
import { shown } from '../../model/text';
import { Command, EXIT, oneOf, parse, UsageError } from '../command';
import { selectDrills } from '../select';

export const gradebook: Command = {
  name: 'gradebook',
  help: `Usage: awswo gradebook --roster class.csv --workspaces DIR [--all | --module NN | <drill>]
                       [--format csv|html|json] [--out FILE] [--jobs N]

Grades every student of the roster, one row per student: each drill's scaled score and review
state, the overall scaled score, and how many drills have a current approval. The roster is a CSV
file with the columns student and workspace (the student's folder, relative to --workspaces DIR;
quoted fields and a byte order mark are fine). Students are graded in parallel: every lab is
synthesized in its own sandboxed process, at most --jobs of them at once across the class (default:
the machine's cores). A handout's drills are the ones it was made with; the others are left empty.
A workspace that cannot be graded (missing, unreadable, every lab broken) is one ERROR row; the
gradebook is written all the same. Progress goes to stderr.

Options:
  --roster FILE      the class roster (student, workspace)
  --workspaces DIR   the folder the workspace column is relative to
  --all              every drill (default)
  --module NN        the drills of one module
  --format F         csv (default), html (one self-contained page) or json
  --out FILE         write the gradebook there instead of stdout
  --jobs N           sandboxed syntheses at once (default ${os.availableParallelism()})
  -h, --help         this help

Exit codes: 0 written (ERROR rows included: see the status column), 2 bad arguments or roster.`,
  async run(argv, ctx) {
    const { values, positionals } = parse(argv, {
      roster: { type: 'string' },
      workspaces: { type: 'string' },
      all: { type: 'boolean' },
      module: { type: 'string' },
      format: { type: 'string' },
      out: { type: 'string' },
      jobs: { type: 'string' },
    });
    if (values.roster === undefined) throw new UsageError('gradebook needs --roster FILE.csv (columns student, workspace)');
    if (values.workspaces === undefined) throw new UsageError('gradebook needs --workspaces DIR: the folder the roster\'s workspace column is relative to');
    const format = oneOf(values.format as string | undefined, ['csv', 'html', 'json'] as const, '--format', 'csv') as GradebookFormat;
    const jobsText = values.jobs as string | undefined;
    const jobs = jobsText === undefined ? undefined : Number(jobsText);
    if (jobs !== undefined && !(Number.isInteger(jobs) && jobs >= 1 && jobs <= 64)) throw new UsageError(`--jobs must be a whole number from 1 to 64 (got "${shown(jobsText!)}")`);
    const root = path.resolve(values.workspaces as string);
    if (!fs.existsSync(root) || !fs.statSync(root).isDirectory()) throw new UsageError(`--workspaces: ${shown(values.workspaces as string)} is not a folder`);
    const drills = positionals.length || values.module !== undefined ? selectDrills(ctx.catalog, positionals, { module: values.module as string, all: values.all as boolean }, 'gradebook') : ctx.catalog.all();
    const entries = readRoster(values.roster as string, ['workspace']);
    const out = values.out as string | undefined;
    if (out !== undefined && (out.trim() === '' || (fs.existsSync(out) && fs.statSync(out).isDirectory()))) throw new UsageError(`--out: ${shown(out)} is not a file name`);
    ctx.err(`gradebook: ${entries.length} students × ${drills.length} drills\n`);
    const started = Date.now();
    const book = await buildGradebook(entries, root, drills, { jobs, limits: DEFAULT_LIMITS, progress: (line) => ctx.err(`${line}\n`) });
    const text = renderGradebook(book, format);
    if (out !== undefined) fs.writeFileSync(out, text);
    else ctx.out(text);
    const errors = book.rows.filter((r) => r.status === 'ERROR').length;
    ctx.err(`gradebook: ${book.rows.length} rows (${errors} ERROR) in ${((Date.now() - started) / 1000).toFixed(1)} s${out ? `, written to ${out}` : ''}\n`);
    return EXIT.ok;
  },
};
