// Incidents `awswo inject` puts into a deployed lab (module 05). An injection changes the real
// resources of one student's stack; `--dry-run` only reads them and says what it would do.
import type { IpPermission } from '@aws-sdk/client-ec2';
import { GradeInputError } from '../../lib/grading/errors';
import type { Injection } from '../../lib/model/injection';
import { INJECTED_AT_TAG, INJECTED_WHAT_TAG } from './incident-history';
import { sdk } from '../../lib/live/sdk';

const iso = (d: Date) => d.toISOString().replace(/\.\d{3}Z$/, 'Z');

/** Whether a permission admits tcp `port` from the security group `source`. */
function admits(p: IpPermission, port: number, source: string): boolean {
  const tcp = p.IpProtocol === 'tcp' || p.IpProtocol === '6' || p.IpProtocol === '-1';
  const ports = p.IpProtocol === '-1' || ((p.FromPort ?? -1) <= port && port <= (p.ToPort ?? -1));
  return tcp && ports && (p.UserIdGroupPairs ?? []).some((g) => g.GroupId === source);
}

/**
 * Revokes the rule on `target` (a security group construct) that admits tcp `port` from `source`
 * (another), and tags `target` with the time and what was done.
 */
export function revokeIngressFrom(target: string, source: string, port: number): Injection {
  return {
    description: `revokes the tcp ${port} rule from ${source} on ${target} (as a careless "cleanup" would), so the load balancer can no longer reach its targets`,
    apiCalls: ['ec2:DescribeSecurityGroups', 'ec2:RevokeSecurityGroupIngress', 'ec2:CreateTags'],
    async run(ctx) {
      const targetId = ctx.resource(target);
      const sourceId = ctx.resource(source);
      const absent = [!targetId && target, !sourceId && source].filter(Boolean);
      if (absent.length) throw new GradeInputError(`${absent.join(', ')} not found in the deployed stack ${ctx.stackName}: the lab must be deployed (and not rebuilt without it) before an incident can be injected`);
      const ec2 = ctx.client(sdk.ec2().EC2Client);
      const out = await ec2.send(new (sdk.ec2().DescribeSecurityGroupsCommand)({ GroupIds: [targetId!] }));
      const group = out.SecurityGroups?.[0];
      const previous = group?.Tags?.find((t) => t.Key === INJECTED_AT_TAG)?.Value;
      const rule = (group?.IpPermissions ?? []).find((p) => admits(p, port, sourceId!));
      if (!rule) {
        const already = previous ? ` (an incident was already injected at ${previous}, and the rule has not been restored)` : '';
        throw new GradeInputError(`${target} (${targetId}) has no rule admitting tcp ${port} from ${source} (${sourceId}): nothing to inject${already}`);
      }
      const revoke: IpPermission = {
        IpProtocol: rule.IpProtocol,
        FromPort: rule.FromPort,
        ToPort: rule.ToPort,
        UserIdGroupPairs: (rule.UserIdGroupPairs ?? []).filter((g) => g.GroupId === sourceId).map((g) => ({ GroupId: g.GroupId, ...(g.UserId ? { UserId: g.UserId } : {}) })),
      };
      const what = `revoked tcp ${rule.FromPort}-${rule.ToPort} from ${source} (${sourceId}) on ${target}`;
      const steps = [
        `${ctx.dryRun ? 'would revoke' : 'revoked'} on ${target} (${targetId}): ${rule.IpProtocol} ${rule.FromPort}-${rule.ToPort} from ${source} (${sourceId})`,
        `${ctx.dryRun ? 'would tag' : 'tagged'} ${targetId} with ${INJECTED_AT_TAG} and ${INJECTED_WHAT_TAG}`,
      ];
      if (previous) steps.unshift(`note: an earlier incident was injected at ${previous}; the new time replaces it`);
      if (ctx.dryRun) return { steps };
      const at = iso(ctx.now());
      await ec2.send(new (sdk.ec2().RevokeSecurityGroupIngressCommand)({ GroupId: targetId, IpPermissions: [revoke] }));
      try {
        await ec2.send(new (sdk.ec2().CreateTagsCommand)({ Resources: [targetId!], Tags: [{ Key: INJECTED_AT_TAG, Value: at }, { Key: INJECTED_WHAT_TAG, Value: what }] }));
      } catch (err) {
        const e = err as Error;
        e.message = `the rule was revoked at ${at}, but tagging the injection time failed: ${e.message}`;
        throw e;
      }
      return { steps, injectedAt: at };
    },
  };
}
