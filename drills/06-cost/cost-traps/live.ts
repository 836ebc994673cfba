// Live checks of cost-traps: what the deployed lab costs by the hour, through the SDK (required
// where used, so a static grade never loads it): NAT gateways, Elastic IPs, EBS volume types, the
// launch template's root volumes and the database's class, judged with the static checks' rules
// (requirements.ts). SDK errors propagate.
import type { Address, LaunchTemplateVersion, NatGateway } from '@aws-sdk/client-ec2';
import { fail, pass } from '../../../lib/model/verdict';
import type { LiveCheck } from '../../../lib/model/live-check';
import { describeDbInstance, describeVolume, errorName, isVerdict, notDeployed, notFoundLive } from '../../../lib/live/deployed';
import { dataVolumeProblems, dbSizeProblems, rootVolumesProblem } from './requirements';
import { sdk } from '../../../lib/live/sdk';

const ec2 = sdk.ec2;

/** The deployed VPC has exactly one NAT gateway that is pending or available (deleted ones are not billed). */
export function liveOneNatGateway(id: string, vpcId: string): LiveCheck {
  return {
    id,
    apiCalls: ['ec2:DescribeNatGateways'],
    driftSubjects: [vpcId],
    run: async (ctx) => {
      const vpc = ctx.resource(vpcId);
      if (!vpc) return notDeployed(ctx, vpcId);
      const { DescribeNatGatewaysCommand, EC2Client } = ec2();
      const Filter = [{ Name: 'vpc-id', Values: [vpc.physicalId] }, { Name: 'state', Values: ['pending', 'available'] }];
      const nats: NatGateway[] = [];
      let NextToken: string | undefined;
      do {
        const page = await ctx.client(EC2Client).send(new DescribeNatGatewaysCommand({ Filter, NextToken }));
        nats.push(...(page.NatGateways ?? []));
        NextToken = page.NextToken;
      } while (NextToken);
      ctx.record({ call: 'ec2:DescribeNatGateways', request: { Filter }, observed: { NatGateways: nats.map((n) => ({ NatGatewayId: n.NatGatewayId, State: n.State, SubnetId: n.SubnetId })) } });
      if (nats.length === 0) return fail(`deployed ${vpcId} (${vpc.physicalId}) has no NAT gateway: the web servers need outbound internet`);
      if (nats.length > 1) return fail(`deployed ${vpcId} (${vpc.physicalId}) runs ${nats.length} NAT gateways (${nats.map((n) => n.NatGatewayId).join(', ')}), each billed by the hour: one is enough for a dev environment`);
      return pass(`deployed ${vpcId} (${vpc.physicalId}) runs one NAT gateway (${nats[0].NatGatewayId})`);
    },
  };
}

/** Every Elastic IP of the deployed stack is associated with something (an idle one is billed every hour). */
export function liveNoIdleAddress(id: string): LiveCheck {
  return {
    id,
    apiCalls: ['ec2:DescribeAddresses'],
    run: async (ctx) => {
      // The stack's own addresses, whichever constructs made them (CloudFormation's physical id is the public IP).
      const eips = ctx.stack.resources.filter((r) => r.type === 'AWS::EC2::EIP');
      eips.forEach((r) => ctx.resource(r.logicalId));
      if (eips.length === 0) return pass(`the deployed stack ${ctx.stack.stackName} holds no Elastic IP`);
      const { DescribeAddressesCommand, EC2Client } = ec2();
      const PublicIps = eips.filter((r) => !r.physicalId.startsWith('eipalloc-')).map((r) => r.physicalId);
      const AllocationIds = eips.filter((r) => r.physicalId.startsWith('eipalloc-')).map((r) => r.physicalId);
      const request = { ...(PublicIps.length ? { PublicIps } : {}), ...(AllocationIds.length ? { AllocationIds } : {}) };
      let addresses: Address[];
      try {
        addresses = (await ctx.client(EC2Client).send(new DescribeAddressesCommand(request))).Addresses ?? [];
      } catch (err) {
        if (errorName(err) === 'InvalidAddress.NotFound' || errorName(err) === 'InvalidAllocationID.NotFound') return notFoundLive(eips.map((r) => r.logicalId).join(', '), eips[0], 'ec2:DescribeAddresses');
        throw err;
      }
      ctx.record({ call: 'ec2:DescribeAddresses', request, observed: { Addresses: addresses.map((a) => ({ PublicIp: a.PublicIp, AllocationId: a.AllocationId, AssociationId: a.AssociationId ?? null })) } });
      const byId = (r: { physicalId: string }) => addresses.find((a) => a.PublicIp === r.physicalId || a.AllocationId === r.physicalId);
      const gone = eips.filter((r) => !byId(r));
      if (gone.length) return notFoundLive(gone.map((r) => r.logicalId).join(', '), gone[0], 'ec2:DescribeAddresses');
      const idle = eips.filter((r) => { const a = byId(r)!; return !a.AssociationId && !a.NetworkInterfaceId && !a.InstanceId; });
      if (idle.length) return fail(`${idle.map((r) => `${r.logicalId} (${r.physicalId})`).join(', ')}: deployed Elastic IP associated with nothing, billed every hour`);
      return pass(`every Elastic IP of the deployed stack (${eips.length}) is in use`);
    },
  };
}

/** The deployed data volume is gp3 of the size and performance the team needs (twin of data-volume-gp3). */
export function liveDataVolumeGp3(id: string, volumeId: string): LiveCheck {
  return {
    id,
    apiCalls: ['ec2:DescribeVolumes'],
    driftSubjects: [volumeId],
    run: async (ctx) => {
      const found = await describeVolume(ctx, volumeId, (gone, r) => notFoundLive(gone, r, 'ec2:DescribeVolumes'));
      if (isVerdict(found)) return found;
      const { volume, r } = found;
      ctx.record({ call: 'ec2:DescribeVolumes', request: { VolumeIds: [r.physicalId] }, observed: { VolumeType: volume.VolumeType, Size: volume.Size, Iops: volume.Iops, Throughput: volume.Throughput } });
      // DescribeVolumes reports the IOPS and throughput gp3 includes; only the type and size decide there.
      const problems = dataVolumeProblems({ VolumeType: volume.VolumeType, Size: volume.Size, Iops: volume.VolumeType === 'gp3' ? volume.Iops : undefined, Throughput: volume.VolumeType === 'gp3' ? volume.Throughput : undefined });
      if (problems.length) return fail(`deployed ${volumeId} (${r.physicalId}): ${problems.join('; ')}`);
      return pass(`deployed ${volumeId} (${r.physicalId}): ${volume.Size} GB gp3`);
    },
  };
}

/** The deployed launch template's default version gives the web servers gp3 roots (twin of root-volumes-gp3). */
export function liveRootVolumesGp3(id: string, templateId: string): LiveCheck {
  return {
    id,
    apiCalls: ['ec2:DescribeLaunchTemplateVersions'],
    driftSubjects: [templateId],
    run: async (ctx) => {
      const r = ctx.resource(templateId);
      if (!r) return notDeployed(ctx, templateId);
      const { DescribeLaunchTemplateVersionsCommand, EC2Client } = ec2();
      // The Auto Scaling group launches the version CloudFormation made the default (CDK names $Latest's number).
      const request = { LaunchTemplateId: r.physicalId, Versions: ['$Default', '$Latest'] };
      let versions: LaunchTemplateVersion[];
      try {
        versions = (await ctx.client(EC2Client).send(new DescribeLaunchTemplateVersionsCommand(request))).LaunchTemplateVersions ?? [];
      } catch (err) {
        if (/^InvalidLaunchTemplate(Id|Name)\.(NotFound|NotFoundException|Malformed)$/.test(errorName(err) ?? '')) return notFoundLive(templateId, r, 'ec2:DescribeLaunchTemplateVersions');
        throw err;
      }
      if (versions.length === 0) return notFoundLive(templateId, r, 'ec2:DescribeLaunchTemplateVersions');
      ctx.record({
        call: 'ec2:DescribeLaunchTemplateVersions',
        request,
        observed: { LaunchTemplateVersions: versions.map((v) => ({ VersionNumber: v.VersionNumber, DefaultVersion: v.DefaultVersion, BlockDeviceMappings: v.LaunchTemplateData?.BlockDeviceMappings ?? [] })) },
      });
      const problems = [...new Set(versions.map((v) => rootVolumesProblem(v.LaunchTemplateData?.BlockDeviceMappings ?? [])).filter((p): p is string => !!p))];
      if (problems.length) return fail(`deployed ${templateId} (${r.physicalId})${problems.map((p) => (p.startsWith(':') ? p : ` ${p}`)).join(';')}`);
      return pass(`deployed ${templateId} (${r.physicalId}): root volumes are gp3`);
    },
  };
}

/** The deployed database runs on a class sized for its load, Multi-AZ, with its storage (twin of db-right-sized). */
export function liveDbRightSized(id: string, dbId: string): LiveCheck {
  return {
    id,
    apiCalls: ['rds:DescribeDBInstances'],
    driftSubjects: [dbId],
    run: async (ctx) => {
      const found = await describeDbInstance(ctx, dbId, (gone, r) => notFoundLive(gone, r, 'rds:DescribeDBInstances'));
      if (isVerdict(found)) return found;
      const { db, r } = found;
      ctx.record({ call: 'rds:DescribeDBInstances', request: { DBInstanceIdentifier: r.physicalId }, observed: { DBInstanceClass: db.DBInstanceClass, MultiAZ: db.MultiAZ, AllocatedStorage: db.AllocatedStorage } });
      const problems = dbSizeProblems(db);
      if (problems.length) return fail(`deployed ${dbId} (${r.physicalId}): ${problems.join('; ')}`);
      return pass(`deployed ${dbId} (${r.physicalId}): ${db.DBInstanceClass}, Multi-AZ, ${db.AllocatedStorage} GB`);
    },
  };
}
