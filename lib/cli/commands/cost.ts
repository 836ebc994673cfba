import { pristineAttempt, workspaceAttempt } from '../../grading/attempt';
import { CostEstimate, estimateAttempts, priceRegion, renderEstimate, REGIONS } from '../../cost';
import { Command, EXIT, oneOf, parse } from '../command';
import { selectDrills } from '../select';
import { resolveWorkspace } from './grade';

export const costCommand: Command = {
  name: 'cost',
  help: `Usage: awswo cost <drill>|--module NN|--all [--workspace DIR] [--region R] [--format text|json]

Synthesizes each lab (the workspace's lab.ts with --workspace, else the pristine lab of this
library), then prices every resource of the template from a bundled, dated price table: NAT
gateways, public IPv4 and Elastic IPs, load balancers, EC2 (instances, Auto Scaling groups, launch
templates), EBS (gp2, gp3, io1, io2, IOPS), RDS classes and storage, CloudWatch alarms and logs,
Lambda and S3. Usage-based lines state their assumptions. Free resources say so; resources the
table cannot price are listed as NOT ESTIMATED and never counted as free. Spend risks no estimate
can bound (an S3 -> Lambda loop, uncapped concurrency, an idle address) are listed as RISK.

Nothing is sent to AWS. Regions priced: ${REGIONS.join(', ')}.

Options:
  --workspace DIR    estimate the student's lab.ts from this copy of the repository
  --region R         the region to price in (default: the lab's region if pinned, else us-east-1)
  --format F         text (default) or json
  --module NN        every drill of one module
  --all              every drill
  -h, --help         this help

Exit codes: 0 estimated, 2 error (unknown drill or region, synth error, bad arguments).`,
  async run(argv, ctx) {
    const { values, positionals } = parse(argv, {
      workspace: { type: 'string' },
      region: { type: 'string' },
      format: { type: 'string' },
      module: { type: 'string' },
      all: { type: 'boolean' },
    });
    const format = oneOf(values.format as string | undefined, ['text', 'json'] as const, '--format', 'text');
    const region = values.region === undefined ? undefined : priceRegion(values.region as string);
    const drills = selectDrills(ctx.catalog, positionals, { all: values.all as boolean, module: values.module as string }, 'cost');
    const workspace = values.workspace === undefined ? undefined : resolveWorkspace(values.workspace as string);
    const items = drills.map((drill) => ({ drill, attempt: workspace ? workspaceAttempt(drill, workspace) : pristineAttempt(drill) }));
    const estimates = await estimateAttempts(items, region);
    const results: Array<{ drill: string; estimate: CostEstimate }> = drills.map((d, i) => ({ drill: d.id, estimate: estimates[i] }));
    if (format === 'json') {
      ctx.out(JSON.stringify(results.length === 1 ? results[0] : results, null, 2) + '\n');
    } else {
      ctx.out(results.map((r) => renderEstimate(r.drill, r.estimate)).join('\n'));
      if (results.length > 1) {
        const monthly = results.reduce((s, r) => s + r.estimate.monthly, 0);
        ctx.out(`\ntotal: ~$${(monthly / 730).toFixed(3)}/hour, ~$${monthly.toFixed(2)}/month for ${results.length} labs\n`);
      }
    }
    return EXIT.ok;
  },
};
