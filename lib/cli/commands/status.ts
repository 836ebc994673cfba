import { gradeWorkspace } from '../../classroom/graded-workspace';
import { renderStatus, workspaceStatus } from '../../classroom/status';
import { workspaceDrills } from '../../classroom/workspace';
import { Command, EXIT, oneOf, parse, UsageError } from '../command';
import { resolveWorkspace } from './grade';

export const status: Command = {
  name: 'status',
  help: `Usage: awswo status --workspace DIR [--format text|json]

Grades every drill the workspace has and shows, per module of the course: the automatic result
(score), each drill's review state (NOT REVIEWED, APPROVED by X at T, REJECTED, STALE when the work
changed after the approval) and the module's state; then the overall state. CERTIFIED appears
only when every drill of every module has a current approval, verified with the reviewers' key
(see awswo review): never from a score alone.

Options:
  --workspace DIR   the student's workspace (required)
  --format F        text (default) or json
  -h, --help        this help

Exit codes: 0 CERTIFIED, 1 not certified, 2 bad arguments.`,
  async run(argv, ctx) {
    const { values } = parse(argv, { workspace: { type: 'string' }, format: { type: 'string' } }, false);
    if (values.workspace === undefined) throw new UsageError('status needs --workspace DIR');
    const format = oneOf(values.format as string | undefined, ['text', 'json'] as const, '--format', 'text');
    const workspace = resolveWorkspace(values.workspace as string);
    const drills = workspaceDrills(ctx.catalog, workspace);
    if (drills.length === 0) throw new UsageError(`no drill in ${workspace} (no drills/NN-topic/<drill>/lab.ts)`);
    const graded = await gradeWorkspace(drills, workspace, { progress: (line) => ctx.err(`${line}\n`) });
    const s = workspaceStatus(ctx.catalog, graded);
    ctx.out(format === 'json' ? JSON.stringify(s, null, 2) + '\n' : renderStatus(s));
    return s.overall === 'CERTIFIED' ? EXIT.ok : EXIT.failed;
  },
};
