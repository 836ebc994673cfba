import { fail, pass } from '../../model/verdict';
import { StaticCheck } from '../../model/drill';

const ACCOUNT_ID = /^\d{12}$/;
/** The account id AWS documentation uses in examples: pinning to it is pinning to nobody's account. */
const EXAMPLE_ACCOUNTS = new Set(['123456789012', '111122223333', '000000000000']);

/**
 * The stack's environment is pinned to one of `allowedRegions`, written as a literal: the grader
 * sets CDK_DEFAULT_REGION (and AWS_REGION) to a region of its own each run, which no lab names, so
 * a region taken from the environment, with or without a fallback, shows as that region and is
 * not pinned. The account: a 12-digit literal, or CDK_DEFAULT_ACCOUNT, which the grader sets to a
 * fresh stand-in each run (the evidence's identity), so an account left unpinned shows
 * `unknown-account`.
 */
export function environmentPinned(id: string, allowedRegions: readonly string[]): StaticCheck {
  return {
    id,
    run: ({ environment, identity }) => {
      const { account, region } = environment;
      if (region === identity.region) {
        return fail(`env.region comes from the environment (CDK_DEFAULT_REGION or AWS_REGION): the stack deploys to whatever region the deploying profile points at; pin it to one of ${allowedRegions.join(', ')} as a literal`);
      }
      if (region === 'unknown-region') {
        return fail(`env.region is not pinned: the stack deploys to whatever region the deploying profile points at; pin it to one of ${allowedRegions.join(', ')} as a literal`);
      }
      if (!allowedRegions.includes(region)) {
        return fail(`env.region is ${region}, which the course does not allow: pin it to one of ${allowedRegions.join(', ')}`);
      }
      if (account === 'unknown-account') {
        return fail('env.account is not pinned: the stack deploys to whatever account the deploying profile points at; pin it with process.env.CDK_DEFAULT_ACCOUNT (or the 12-digit id)');
      }
      if (!ACCOUNT_ID.test(account) || EXAMPLE_ACCOUNTS.has(account)) {
        return fail(`env.account is ${account}, not your lab account: use process.env.CDK_DEFAULT_ACCOUNT (or the real 12-digit id)`);
      }
      const accountShown = account === identity.account ? 'account from CDK_DEFAULT_ACCOUNT at deploy time' : `account ${account}`;
      return pass(`env.region is ${region} (allowed), ${accountShown}`);
    },
  };
}
