import { graderPolicy } from '../../live/grader-policy';
import { Command, EXIT, oneOf, parse } from '../command';
import { selectDrills } from '../select';

const FORMATS = ['text', 'json'] as const;

export const graderPolicyCommand: Command = {
  name: 'grader-policy',
  help: `Usage: awswo grader-policy <drill>|--all|--module NN [--format text|json] [--skip-drift]

Prints the IAM policy document the grader's credentials need to run awswo grade --live on these
drills: the runner's CloudFormation calls on the awswo-* lab stacks, every live check's declared
API calls, and the reads CloudFormation drift detection makes on the labs' resource types.
Actions are deduplicated and sorted; none is a wildcard.

Options:
  --format F         text (default: which check needs which action, then the document) or json
                     (the policy document only, ready for aws iam create-policy)
  --skip-drift       the policy for grade --live --skip-drift (no drift detection)
  --all              every drill
  --module NN        every drill of one module
  -h, --help         this help

Exit codes: 0 printed, 2 error (unknown drill, bad arguments).`,
  async run(argv, ctx) {
    const { values, positionals } = parse(argv, {
      format: { type: 'string' },
      all: { type: 'boolean' },
      module: { type: 'string' },
      'skip-drift': { type: 'boolean' },
    });
    const format = oneOf(values.format as string | undefined, FORMATS, '--format', 'text');
    const drills = selectDrills(ctx.catalog, positionals, { all: values.all as boolean, module: values.module as string }, 'grader-policy');
    const policy = graderPolicy(drills, { drift: !values['skip-drift'] });
    const document = JSON.stringify(policy.document, null, 2) + '\n';
    if (format === 'json') {
      ctx.out(document);
      for (const t of policy.unknownTypes) ctx.err(`note: drift detection also reads ${t} resources; add their read actions by hand\n`);
      return EXIT.ok;
    }
    if (policy.actions.length === 0) {
      ctx.out(`none of ${drills.map((d) => d.id).join(', ')} has live checks yet: grade --live needs no AWS permissions for them\n`);
      return EXIT.ok;
    }
    const width = Math.max(...policy.actions.map((a) => a.action.length));
    const lines = [
      `IAM actions awswo grade --live needs for ${drills.length === 1 ? drills[0].id : `${drills.length} drills`}:`,
      ...policy.actions.map((a) => `  ${a.action.padEnd(width)}  ${a.neededBy.join(', ')}`),
      ...policy.unknownTypes.map((t) => `  note: drift detection also reads ${t} resources; add their read actions by hand`),
      '',
      'Policy document:',
    ];
    ctx.out(lines.join('\n') + '\n' + document);
    return EXIT.ok;
  },
};
