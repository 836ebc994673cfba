import { defineDrill, StaticCheck } from '../../../lib/model/drill';
import { fail, pass } from '../../../lib/model/verdict';
import { locateResource, noNagFindings, resourceHas, runbookCoversChanges, runbookMentions, runbookSectionsFilled, want } from '../../../lib/checks';
import { refTarget, resources } from '../../../lib/template/read';
import { RUNBOOK_SECTIONS } from '../../runbook-sections';
import { liveDbStorageEncrypted } from '../../../lib/checks/database/live';
import { liveDefaultSecurityGroupEmpty } from '../../../lib/checks/network/live';
import { liveBucketBlocksPublicAccess, liveVolumeEncrypted } from '../../../lib/checks/storage/live';

const VOLUME = 'AWS::EC2::Volume';
const DB = 'AWS::RDS::DBInstance';
const BUCKET = 'AWS::S3::Bucket';
const VPC = 'AWS::EC2::VPC';

/**
 * The VPC's default security group has every rule removed: CDK's `restrictDefaultSecurityGroup`
 * custom resource points at that VPC's DefaultSecurityGroup (CloudFormation cannot edit it otherwise).
 */
function defaultSecurityGroupRestricted(id: string, vpcId: string): StaticCheck {
  return {
    id,
    run: ({ template }) => {
      const vpc = locateResource(template, vpcId, VPC);
      if (!vpc) return fail(`${vpcId} (${VPC}) is missing from the template: fix it, don't delete it`);
      const restricted = resources(template, { type: 'Custom::VpcRestrictDefaultSG' }).some((r) => {
        const sg = r.resource.Properties?.DefaultSecurityGroupId;
        const att = sg?.['Fn::GetAtt'];
        return refTarget(sg) === vpc.logicalId && Array.isArray(att) && att[1] === 'DefaultSecurityGroup';
      });
      if (!restricted) return fail(`the default security group of ${vpcId} keeps its allow-all rules: set restrictDefaultSecurityGroup: true`);
      return pass(`the default security group of ${vpcId} has no rules`);
    },
  };
}

export default defineDrill({
  id: 'shared-responsibility',
  module: '01',
  title: 'The customer\'s side of shared responsibility',
  summary: 'AWS secures the cloud; this lab left the customer\'s part undone: an unencrypted volume and database, a bucket without public access blocks, an open default security group.',
  soaTasks: ['4.2', '5.1'],
  difficulty: 'intro',
  estimatedCostPerHour: 0.02,
  dir: __dirname,
  runbook: { sections: RUNBOOK_SECTIONS },
  // Encryption at rest can only be chosen when a volume or a DB instance is created: the fix replaces
  // both (from a snapshot, when there is data to keep). Nothing else may be replaced or deleted.
  scope: { mayReplace: ['ScratchVolume', 'ReportsDb'] },
  traps: [
    { id: 'unencrypted-volume', description: 'ScratchVolume is an unencrypted EBS volume', objective: 'volume-encrypted', resource: 'ScratchVolume' },
    { id: 'unencrypted-db', description: 'ReportsDb has storage encryption off', objective: 'db-encrypted', resource: 'ReportsDb' },
    { id: 'public-bucket', description: 'UploadsBucket has all four public access blocks off', objective: 'bucket-private', resource: 'UploadsBucket' },
    { id: 'open-default-sg', description: 'the default security group of Vpc keeps its allow-all rules', objective: 'default-sg-restricted', resource: 'Vpc' },
    { id: 'runbook-unfilled', description: 'RUNBOOK.md is the blank template', objective: 'change-recorded', resource: 'RUNBOOK.md' },
  ],
  objectives: [
    {
      id: 'volume-encrypted',
      title: 'The scratch volume is encrypted at rest',
      weight: 2,
      soaTask: '4.2',
      hint: 'Set encrypted: true on ScratchVolume (the aws/ebs key is fine; pass encryptionKey for your own KMS key). It replaces the volume: snapshot it first if it holds data.',
      checks: [
        resourceHas('volume-encryption', 'ScratchVolume', VOLUME, [{ path: 'Encrypted', ...want.equals(true) }]),
        noNagFindings('volume-nag', ['AwsSolutions-EC26'], ['ScratchVolume']),
      ],
      liveChecks: [liveVolumeEncrypted('volume-encryption-live', 'ScratchVolume')],
    },
    {
      id: 'db-encrypted',
      title: 'The reporting database stores its data encrypted',
      weight: 2,
      soaTask: '4.2',
      hint: 'Set storageEncrypted: true on ReportsDb. It replaces the instance: take a snapshot, and restore an encrypted copy when there is data to keep.',
      checks: [
        resourceHas('db-encryption', 'ReportsDb', DB, [{ path: 'StorageEncrypted', ...want.equals(true) }]),
        noNagFindings('db-nag', ['AwsSolutions-RDS2'], ['ReportsDb']),
      ],
      liveChecks: [liveDbStorageEncrypted('db-encryption-live', 'ReportsDb')],
    },
    {
      id: 'bucket-private',
      title: 'The uploads bucket blocks every kind of public access',
      weight: 2,
      soaTask: '4.2',
      hint: 'Drop the blockPublicAccess override of UploadsBucket (LabBucket blocks all by default) or set s3.BlockPublicAccess.BLOCK_ALL: all four settings, not only the ACL ones.',
      checks: [
        resourceHas('public-access-block', 'UploadsBucket', BUCKET, [
          { path: 'PublicAccessBlockConfiguration.BlockPublicAcls', ...want.equals(true) },
          { path: 'PublicAccessBlockConfiguration.IgnorePublicAcls', ...want.equals(true) },
          { path: 'PublicAccessBlockConfiguration.BlockPublicPolicy', ...want.equals(true) },
          { path: 'PublicAccessBlockConfiguration.RestrictPublicBuckets', ...want.equals(true) },
        ]),
        noNagFindings('bucket-nag', ['AwsSolutions-S2'], ['UploadsBucket']),
      ],
      liveChecks: [liveBucketBlocksPublicAccess('public-access-block-live', 'UploadsBucket/Bucket')],
    },
    {
      id: 'default-sg-restricted',
      title: 'The VPC\'s default security group allows nothing',
      weight: 1,
      soaTask: '5.1',
      hint: 'Set restrictDefaultSecurityGroup: true on Vpc: CDK then removes the default group\'s rules.',
      checks: [defaultSecurityGroupRestricted('default-sg', 'Vpc')],
      liveChecks: [liveDefaultSecurityGroupEmpty('default-sg-live', 'Vpc')],
    },
    {
      id: 'change-recorded',
      title: 'The runbook records the change and how the replaced data is kept',
      weight: 1,
      soaTask: '4.2',
      hint: 'Fill every section of RUNBOOK.md; in the Change plan, say how the volume\'s and the database\'s data survive their replacement (snapshots); under Record, name each resource you changed.',
      checks: [
        runbookSectionsFilled('runbook-filled', RUNBOOK_SECTIONS),
        runbookMentions('data-kept', 'Change plan', [{ label: 'the snapshot taken before the volume and the database are replaced', pattern: /snapshot/i }]),
        runbookCoversChanges('record-covers-diff', 'Record'),
      ],
    },
  ],
});
