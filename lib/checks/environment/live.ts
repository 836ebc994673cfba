// Live checks of the stack's environment: where the lab was really deployed, from the stack's own
// ARN (the runner's DescribeStacks), whatever the template said.
import { fail, pass } from '../../model/verdict';
import type { LiveCheck } from '../../model/live-check';
import { stackEnv } from '../../live/stack';

/** The deployed stack lives in one of `allowedRegions` (the twin of environmentPinned). */
export function liveStackRegionAllowed(id: string, allowedRegions: readonly string[]): LiveCheck {
  return {
    id,
    // The runner's own call: the region is part of the stack's ARN.
    apiCalls: ['cloudformation:DescribeStacks'],
    driftSubjects: [],
    run: async (ctx) => {
      const { region, account } = stackEnv(ctx.stack);
      ctx.record({ call: 'cloudformation:DescribeStacks', request: { StackName: ctx.stack.stackName }, observed: { StackId: ctx.stack.stackId, region, account } });
      if (!allowedRegions.includes(region)) {
        return fail(`the deployed stack ${ctx.stack.stackName} runs in ${region || 'an unknown region'}, which the course does not allow: pin env.region to one of ${allowedRegions.join(', ')}, deploy there and destroy this copy`);
      }
      return pass(`the deployed stack ${ctx.stack.stackName} runs in ${region} (allowed), account ${account}`);
    },
  };
}
