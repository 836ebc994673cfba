// Live checks of planned-change: after the change is deployed, the database runs on the requested
// class and its security group admits only the database port from the app tier.
import { DescribeSecurityGroupsCommand, EC2Client, IpPermission } from '@aws-sdk/client-ec2';
import { fail, pass } from '../../../lib/grading/drill';
import { deletedByHand, describeDbInstance, errorName, isVerdict, notDeployed } from '../../../lib/live/checks/deployed';
import type { LiveCheck } from '../../../lib/live/live-check';

/** CHG-1 is live: the deployed instance runs on `instanceClass`. */
export function liveDbInstanceClass(id: string, dbId: string, instanceClass: string): LiveCheck {
  return {
    id,
    apiCalls: ['rds:DescribeDBInstances'],
    driftSubjects: [dbId],
    run: async (ctx) => {
      const found = await describeDbInstance(ctx, dbId);
      if (isVerdict(found)) return found;
      const { db, r } = found;
      ctx.record({ call: 'rds:DescribeDBInstances', request: { DBInstanceIdentifier: r.physicalId }, observed: { DBInstanceClass: db.DBInstanceClass, DBInstanceStatus: db.DBInstanceStatus } });
      if (db.DBInstanceClass !== instanceClass) return fail(`deployed ${dbId} (${r.physicalId}) runs on ${db.DBInstanceClass}, not ${instanceClass}: deploy the change`);
      return pass(`deployed ${dbId} (${r.physicalId}) runs on ${instanceClass}`);
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
        const out = await ctx.client(EC2Client).send(new DescribeSecurityGroupsCommand({ GroupIds: [sg.physicalId] }));
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
