// Live checks of networks: VPC default security groups and security group ingress as deployed. SDK errors propagate.
import type { IpPermission } from '@aws-sdk/client-ec2';
import { fail, pass } from '../../model/verdict';
import type { LiveCheck } from '../../model/live-check';
import { deletedByHand, errorName, notDeployed } from '../../live/deployed';
import { sdk } from '../../live/sdk';

/** The deployed VPC's default security group has no inbound and no outbound rule. */
export function liveDefaultSecurityGroupEmpty(id: string, vpcId: string): LiveCheck {
  return {
    id,
    apiCalls: ['ec2:DescribeSecurityGroups'],
    driftSubjects: [vpcId],
    run: async (ctx) => {
      const r = ctx.resource(vpcId);
      if (!r) return notDeployed(ctx, vpcId);
      const Filters = [{ Name: 'vpc-id', Values: [r.physicalId] }, { Name: 'group-name', Values: ['default'] }];
      const groups = (await ctx.client(sdk.ec2().EC2Client).send(new (sdk.ec2().DescribeSecurityGroupsCommand)({ Filters }))).SecurityGroups ?? [];
      const sg = groups[0];
      ctx.record({
        call: 'ec2:DescribeSecurityGroups',
        request: { Filters },
        observed: sg ? { GroupId: sg.GroupId, IpPermissions: sg.IpPermissions ?? [], IpPermissionsEgress: sg.IpPermissionsEgress ?? [] } : { SecurityGroups: [] },
      });
      if (!sg) return deletedByHand(vpcId, r);
      const inbound = sg.IpPermissions?.length ?? 0;
      const outbound = sg.IpPermissionsEgress?.length ?? 0;
      if (inbound || outbound) return fail(`the default security group ${sg.GroupId} of deployed ${vpcId} (${r.physicalId}) still has ${inbound} inbound and ${outbound} outbound rule${inbound + outbound === 1 ? '' : 's'}: set restrictDefaultSecurityGroup: true`);
      return pass(`the default security group ${sg.GroupId} of deployed ${vpcId} (${r.physicalId}) has no rules`);
    },
  };
}

/** CHG-2 is live: every ingress permission of the DB security group is tcp `port` from the app security group. */
export function liveDbIngressOnlyPort(id: string, dbSgId: string, appSgId: string, port: number): LiveCheck {
  return {
    id,
    apiCalls: ['ec2:DescribeSecurityGroups'],
    driftSubjects: [dbSgId],
    run: async (ctx) => {
      const sg = ctx.resource(dbSgId);
      if (!sg) return notDeployed(ctx, dbSgId);
      const app = ctx.resource(appSgId);
      if (!app) return notDeployed(ctx, appSgId);
      let permissions: IpPermission[];
      try {
        const out = await ctx.client(sdk.ec2().EC2Client).send(new (sdk.ec2().DescribeSecurityGroupsCommand)({ GroupIds: [sg.physicalId] }));
        if (!out.SecurityGroups?.[0]) return deletedByHand(dbSgId, sg);
        permissions = out.SecurityGroups[0].IpPermissions ?? [];
      } catch (err) {
        if (errorName(err) === 'InvalidGroup.NotFound') return deletedByHand(dbSgId, sg);
        throw err;
      }
      ctx.record({
        call: 'ec2:DescribeSecurityGroups',
        request: { GroupIds: [sg.physicalId] },
        observed: { IpPermissions: permissions.map((p) => ({ IpProtocol: p.IpProtocol, FromPort: p.FromPort, ToPort: p.ToPort, Groups: p.UserIdGroupPairs?.map((g) => g.GroupId), Cidrs: p.IpRanges?.map((c) => c.CidrIp) })) },
      });
      const wrong = permissions.filter(
        (p) =>
          p.IpProtocol !== 'tcp' || p.FromPort !== port || p.ToPort !== port || (p.IpRanges ?? []).length > 0 || (p.Ipv6Ranges ?? []).length > 0 ||
          (p.UserIdGroupPairs ?? []).some((g) => g.GroupId !== app.physicalId),
      );
      if (wrong.length) {
        const shown = wrong.map((p) => `${p.IpProtocol === '-1' ? 'all traffic' : `${p.IpProtocol} ${p.FromPort}-${p.ToPort}`}`).join(', ');
        return fail(`deployed ${dbSgId} (${sg.physicalId}) still admits ${shown}: only tcp ${port} from ${appSgId} may reach the database`);
      }
      if (!permissions.some((p) => (p.UserIdGroupPairs ?? []).some((g) => g.GroupId === app.physicalId))) {
        return fail(`deployed ${dbSgId} (${sg.physicalId}) no longer admits ${appSgId} on tcp ${port}: the app cannot reach the database`);
      }
      return pass(`deployed ${dbSgId} (${sg.physicalId}) admits only tcp ${port} from ${appSgId}`);
    },
  };
}
