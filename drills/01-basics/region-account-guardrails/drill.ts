import { defineDrill, StaticCheck } from '../../../lib/model/drill';
import { fail, pass } from '../../../lib/model/verdict';
import { environmentPinned, locateResource, resourceHas, resourcesTagged, runbookCoversChanges, runbookSectionsFilled, want } from '../../../lib/checks';
import { asList, refTarget, render, resources } from '../../../lib/template/read';
import { RUNBOOK_SECTIONS } from '../../runbook-sections';
import { liveStackRegionAllowed } from '../../../lib/checks/environment/live';
import { liveParameterTagged } from '../../../lib/checks/tags/live';
import { liveTrailAudited, TRAIL_SETTINGS } from './live';

/** Regions the course allows labs in (the organization's region SCP allows these and denies the rest). */
export const ALLOWED_REGIONS = ['us-east-1', 'us-west-2', 'eu-west-1', 'eu-central-1'] as const;

/** Tags every taggable resource must carry, on top of the guardrails' awswo:* tags. */
export const REQUIRED_TAGS = [
  { key: 'owner' },
  { key: 'environment', values: ['training', 'dev', 'test', 'prod'] },
  { key: 'cost-center' },
];

const TRAIL = 'AWS::CloudTrail::Trail';

/**
 * The trail writes to a bucket of this stack that `cdk destroy` deletes (a LabBucket), and that
 * bucket's policy lets CloudTrail check the bucket ACL and write log files.
 */
function trailDeliversToLabBucket(id: string, trailId: string): StaticCheck {
  return {
    id,
    run: (e) => {
      const { template } = e;
      const trail = locateResource(e, trailId, TRAIL);
      if (!trail) return fail(`${trailId} (${TRAIL}) is missing from the template: fix it, don't delete it`);
      const bucketId = refTarget(trail.resource.Properties?.S3BucketName);
      const bucket = bucketId ? resources(template).find((r) => r.logicalId === bucketId && r.resource.Type === 'AWS::S3::Bucket') : undefined;
      if (!bucket) return fail(`${trailId} writes to ${render(trail.resource.Properties?.S3BucketName)}, not to a bucket of this lab: use a LabBucket`);
      if (bucket.resource.DeletionPolicy !== 'Delete') return fail(`${trailId} writes to ${bucket.path}, which cdk destroy would leave behind: use a LabBucket`);
      const statements = resources(template, { type: 'AWS::S3::BucketPolicy' })
        .filter((p) => refTarget(p.resource.Properties?.Bucket) === bucketId)
        .flatMap((p) => asList<any>(p.resource.Properties?.PolicyDocument?.Statement));
      const allows = (action: string) => statements.some((s) => s.Effect === 'Allow'
        && asList<string>(s.Principal?.Service).some((svc) => render(svc).startsWith('cloudtrail.'))
        && asList<string>(s.Action).some((a) => a === action || a === 's3:*'));
      const missing = ['s3:GetBucketAcl', 's3:PutObject'].filter((a) => !allows(a));
      if (missing.length) return fail(`the policy of ${bucket.path} does not let CloudTrail ${missing.join(' or ')}: ${trailId} cannot deliver its logs`);
      return pass(`${trailId} delivers to ${bucket.path}, whose policy lets CloudTrail write`);
    },
  };
}

/** Why a basic event selector records no management writes, or undefined when it does. */
function basicSelectorMisses(selector: any): string | undefined {
  if (selector?.IncludeManagementEvents === false || render(selector?.IncludeManagementEvents) === 'false') return 'IncludeManagementEvents is false';
  const rw = selector?.ReadWriteType === undefined ? 'All' : render(selector.ReadWriteType);
  if (rw === 'ReadOnly') return 'ReadWriteType is ReadOnly (no write, so no change, is recorded)';
  return undefined;
}

/** Why an advanced event selector records no management writes of every service, or undefined when it does. */
function advancedSelectorMisses(selector: any): string | undefined {
  const fields = asList<any>(selector?.FieldSelectors);
  const values = (f: any, op: string) => asList<unknown>(f?.[op]).map((v) => render(v));
  const category = fields.find((f) => f?.Field === 'eventCategory');
  if (!category || !values(category, 'Equals').includes('Management')) return 'it selects no management events (eventCategory is not Management)';
  for (const f of fields) {
    if (f?.Field === 'readOnly' && values(f, 'Equals').includes('true')) return 'it selects read-only events only (readOnly = true)';
    if (f?.Field === 'eventSource' && (values(f, 'Equals').length || values(f, 'StartsWith').length)) return `it selects the events of ${[...values(f, 'Equals'), ...values(f, 'StartsWith')].join(', ')} only`;
  }
  return undefined;
}

/**
 * The trail records management writes (the API calls that change resources) of every service:
 * its basic event selectors (none: all management events) or, when it has them, its advanced ones
 * (which replace the basic ones) include them. Management events of a few noisy sources may be
 * left out (ExcludeManagementEventSources, eventSource NotEquals); the whole category may not.
 */
function trailRecordsManagementEvents(id: string, trailId: string): StaticCheck {
  return {
    id,
    run: (e) => {
      const trail = locateResource(e, trailId, TRAIL);
      if (!trail) return fail(`${trailId} (${TRAIL}) is missing from the template: fix it, don't delete it`);
      const p = trail.resource.Properties ?? {};
      const advanced = asList<any>(p.AdvancedEventSelectors);
      if (advanced.length) {
        const misses = advanced.map(advancedSelectorMisses);
        if (misses.every((m) => m)) return fail(`${trailId} records no management writes of every service: each advanced event selector misses them (${advanced.map((a, i) => `${a?.Name ?? `selector ${i + 1}`}: ${misses[i]}`).join('; ')})`);
        return pass(`${trailId}: an advanced event selector records management events`);
      }
      const basic = asList<any>(p.EventSelectors);
      if (!basic.length) return pass(`${trailId} has no event selectors: it records every management event`);
      const misses = basic.map(basicSelectorMisses);
      if (misses.every((m) => m)) return fail(`${trailId} records no management writes: ${[...new Set(misses)].join('; ')}`);
      return pass(`${trailId}: its event selectors record management writes`);
    },
  };
}

export default defineDrill({
  id: 'region-account-guardrails',
  module: '01',
  title: 'Region, account and tagging guardrails',
  summary: 'A new team stack runs in a forbidden region, carries none of the course\'s ownership tags, and its audit trail can be tampered with; pin it, tag it, audit it.',
  soaTasks: ['1.1', '4.1'],
  difficulty: 'intro',
  estimatedCostPerHour: 0.0,
  dir: __dirname,
  runbook: { sections: RUNBOOK_SECTIONS },
  traps: [
    { id: 'lab-region', description: 'the stack is pinned to sa-east-1, outside the allowed regions', objective: 'environment-pinned', resource: 'env.region' },
    { id: 'untagged', description: 'no resource carries owner, environment or cost-center', objective: 'resources-tagged', resource: 'ServiceConfig' },
    { id: 'trail-unvalidated', description: 'AuditTrail covers one region, skips global service events and has log file validation off', objective: 'trail-audited', resource: 'AuditTrail' },
    { id: 'runbook-unfilled', description: 'RUNBOOK.md is the blank template', objective: 'change-recorded', resource: 'RUNBOOK.md' },
  ],
  objectives: [
    {
      id: 'environment-pinned',
      title: 'The stack is pinned to an allowed region and to the lab account',
      weight: 2,
      soaTask: '4.1',
      hint: `In the super() call, pass env: { account: process.env.CDK_DEFAULT_ACCOUNT, region: '<one of ${ALLOWED_REGIONS.join(', ')}>' }, the region as a literal.`,
      checks: [environmentPinned('allowed-region', ALLOWED_REGIONS)],
      liveChecks: [liveStackRegionAllowed('allowed-region-live', ALLOWED_REGIONS)],
    },
    {
      id: 'resources-tagged',
      title: 'Every resource says who owns it, which environment it is and who pays for it',
      weight: 2,
      soaTask: '4.1',
      hint: 'Tags.of(this).add(...) in the constructor tags every resource of the stack: owner, environment (training, dev, test or prod) and cost-center.',
      checks: [resourcesTagged('required-tags', REQUIRED_TAGS)],
      liveChecks: [liveParameterTagged('required-tags-live', 'ServiceConfig', REQUIRED_TAGS)],
    },
    {
      id: 'trail-audited',
      title: 'The audit trail records every change in every region, and its log files can be validated',
      weight: 3,
      soaTask: '1.1',
      hint: 'On AuditTrail set isMultiRegionTrail, includeGlobalServiceEvents and enableFileValidation to true; keep it writing to the TrailLogs LabBucket.',
      checks: [
        resourceHas('trail-settings', 'AuditTrail', TRAIL, TRAIL_SETTINGS.map((t) => ({ path: t.property, ...want.equals(true) }))),
        trailRecordsManagementEvents('trail-management-events', 'AuditTrail'),
        trailDeliversToLabBucket('trail-delivers', 'AuditTrail'),
      ],
      liveChecks: [liveTrailAudited('trail-live', 'AuditTrail', 'TrailLogs/Bucket')],
    },
    {
      id: 'change-recorded',
      title: 'The runbook records the change',
      weight: 1,
      soaTask: '4.1',
      hint: 'Fill every section of RUNBOOK.md; under Record, name each resource you changed (ServiceConfig, ServiceLogs, AuditTrail, TrailLogs, ...) and the region you moved to.',
      checks: [runbookSectionsFilled('runbook-filled', RUNBOOK_SECTIONS), runbookCoversChanges('record-covers-diff', 'Record')],
    },
  ],
});
