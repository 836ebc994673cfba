// Live checks of tags: the tags a deployed resource really carries, through the SDK (required where
// used, so a static grade never loads it). SDK errors propagate.
import type { Tag } from '@aws-sdk/client-ssm';
import { fail, pass } from '../../model/verdict';
import type { LiveCheck } from '../../model/live-check';
import { errorName, notDeployed, notFoundLive } from '../../live/deployed';
import { RequiredTag, tagProblem } from './static';
import { sdk } from '../../live/sdk';

/** The deployed SSM parameter carries every required tag with an accepted value (the twin of resourcesTagged). */
export function liveParameterTagged(id: string, parameterId: string, required: readonly RequiredTag[]): LiveCheck {
  return {
    id,
    apiCalls: ['ssm:ListTagsForResource'],
    driftSubjects: [parameterId],
    run: async (ctx) => {
      const r = ctx.resource(parameterId);
      if (!r) return notDeployed(ctx, parameterId);
      const { ListTagsForResourceCommand, SSMClient } = sdk.ssm();
      const request = { ResourceType: 'Parameter' as const, ResourceId: r.physicalId };
      let list: Tag[];
      try {
        list = (await ctx.client(SSMClient).send(new ListTagsForResourceCommand(request))).TagList ?? [];
      } catch (err) {
        if (errorName(err) === 'InvalidResourceId' || errorName(err) === 'ParameterNotFound') return notFoundLive(parameterId, r, 'ssm:ListTagsForResource');
        throw err;
      }
      const tags = new Map(list.map((t) => [t.Key ?? '', t.Value]));
      ctx.record({ call: 'ssm:ListTagsForResource', request, observed: { Tags: Object.fromEntries(tags) } });
      const problems = required.map((t) => tagProblem(tags, t)).filter((p): p is string => !!p);
      if (problems.length) return fail(`deployed ${parameterId} (${r.physicalId}) lacks the course's tags: ${problems.join(', ')}`);
      return pass(`deployed ${parameterId} (${r.physicalId}) carries ${required.map((t) => t.key).join(', ')}`);
    },
  };
}
