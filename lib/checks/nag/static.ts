import { fail, pass } from '../../model/verdict';
import { StaticCheck } from '../../model/drill';

/**
 * No finding of the given rules (prefixes: `AwsSolutions-IAM5` also matches
 * `AwsSolutions-IAM5[Action::*]`) on resources under the given lab construct ids.
 * The findings were computed by the grader with acknowledgements ignored.
 */
export function noNagFindings(id: string, rules: readonly string[], under: readonly string[]): StaticCheck {
  // `AwsSolutions-IAM5` matches all its findings; `AwsSolutions-IAM5[Action::` only the action ones.
  const matches = (rule: string, r: string) => rule === r || rule.startsWith(r.includes('[') ? r : `${r}[`);
  return {
    id,
    run: ({ nag }) => {
      const hits = nag.filter(
        (f) => rules.some((r) => matches(f.rule, r)) && under.some((u) => f.path === u || f.path.startsWith(`${u}/`)),
      );
      if (hits.length === 0) return pass(`no ${rules.join(', ')} findings on ${under.join(', ')}`);
      const shown = hits.slice(0, 3).map((f) => {
        const ack = f.acknowledgedWith !== undefined ? ' (acknowledged in the lab, which the grader ignores)' : '';
        return `${f.rule} on ${f.path}${ack}`;
      });
      const more = hits.length > 3 ? ` and ${hits.length - 3} more` : '';
      return fail(`cdk-nag still finds ${shown.join('; ')}${more}`);
    },
  };
}
