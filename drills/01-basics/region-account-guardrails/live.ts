// Live checks of region-account-guardrails: the audit trail as CloudTrail runs it, through the SDK
// (required where used, so a static grade never loads it). SDK errors propagate.
import type { AdvancedEventSelector, EventSelector, Trail } from '@aws-sdk/client-cloudtrail';
import { fail, pass } from '../../../lib/model/verdict';
import type { LiveCheck } from '../../../lib/model/live-check';
import { errorName, notDeployed, notFoundLive } from '../../../lib/live/deployed';
import { stackEnv } from '../../../lib/live/stack';
import { sdk } from '../../../lib/live/sdk';

/**
 * The trail settings the objective asks for: the template property (what the static check reads)
 * and where GetTrail or GetTrailStatus reports it, so both sides judge the same list.
 */
export const TRAIL_SETTINGS = [
  { property: 'EnableLogFileValidation', live: 'LogFileValidationEnabled', says: 'log file validation' },
  { property: 'IsMultiRegionTrail', live: 'IsMultiRegionTrail', says: 'every region' },
  { property: 'IncludeGlobalServiceEvents', live: 'IncludeGlobalServiceEvents', says: 'global service events (IAM, STS sign-ins)' },
  { property: 'IsLogging', live: 'IsLogging', says: 'logging' },
] as const;

/**
 * Management events are recorded, reads and writes: a basic selector that includes them with
 * ReadWriteType All (CloudTrail's default when a trail has no selectors), or an advanced selector
 * on eventCategory Management that does not filter on readOnly.
 */
export function recordsManagementEvents(basic: readonly EventSelector[] | undefined, advanced: readonly AdvancedEventSelector[] | undefined): boolean {
  if (advanced?.length) {
    return advanced.some((s) => {
      const fields = s.FieldSelectors ?? [];
      const category = fields.find((f) => f.Field === 'eventCategory');
      return !!category?.Equals?.includes('Management') && !fields.some((f) => f.Field === 'readOnly');
    });
  }
  if (!basic || basic.length === 0) return true;
  return basic.some((s) => s.IncludeManagementEvents !== false && (s.ReadWriteType ?? 'All') === 'All');
}

/**
 * The deployed trail records management events of every region, global service events included,
 * with log file validation, is logging now, lives in the lab's region and writes to the lab's bucket.
 */
export function liveTrailAudited(id: string, trailId: string, bucketId: string): LiveCheck {
  return {
    id,
    apiCalls: ['cloudtrail:GetTrail', 'cloudtrail:GetTrailStatus', 'cloudtrail:GetEventSelectors'],
    driftSubjects: [trailId],
    run: async (ctx) => {
      const r = ctx.resource(trailId);
      if (!r) return notDeployed(ctx, trailId);
      const { CloudTrailClient, GetEventSelectorsCommand, GetTrailCommand, GetTrailStatusCommand } = sdk.cloudtrail();
      const client = ctx.client(CloudTrailClient);
      let trail: Trail | undefined;
      let isLogging: boolean | undefined;
      let selectors: { EventSelectors?: EventSelector[]; AdvancedEventSelectors?: AdvancedEventSelector[] };
      try {
        trail = (await client.send(new GetTrailCommand({ Name: r.physicalId }))).Trail;
        if (!trail) return notFoundLive(trailId, r, 'cloudtrail:GetTrail');
        isLogging = (await client.send(new GetTrailStatusCommand({ Name: r.physicalId }))).IsLogging;
        selectors = await client.send(new GetEventSelectorsCommand({ TrailName: r.physicalId }));
      } catch (err) {
        if (errorName(err) === 'TrailNotFoundException') return notFoundLive(trailId, r, 'cloudtrail:GetTrail');
        throw err;
      }
      const bucket = ctx.resource(bucketId);
      const observed: Record<string, unknown> = { ...Object.fromEntries(TRAIL_SETTINGS.map((s) => [s.live, s.live === 'IsLogging' ? isLogging : trail![s.live]])), HomeRegion: trail.HomeRegion, S3BucketName: trail.S3BucketName };
      ctx.record({ call: 'cloudtrail:GetTrail', request: { Name: r.physicalId }, observed });
      ctx.record({ call: 'cloudtrail:GetEventSelectors', request: { TrailName: r.physicalId }, observed: { EventSelectors: selectors.EventSelectors ?? [], AdvancedEventSelectors: selectors.AdvancedEventSelectors ?? [] } });
      const problems = TRAIL_SETTINGS.filter((s) => observed[s.live] !== true).map((s) => `${s.live} is ${String(observed[s.live] ?? false)} (${s.says})`);
      if (!recordsManagementEvents(selectors.EventSelectors, selectors.AdvancedEventSelectors)) problems.push('its event selectors leave out management events, or their reads or writes');
      const { region } = stackEnv(ctx.stack);
      if (trail.HomeRegion && trail.HomeRegion !== region) problems.push(`its home region is ${trail.HomeRegion}, not the lab's ${region}`);
      if (!bucket) problems.push(`${bucketId} is not in the deployed stack: the trail must write to the lab's own bucket`);
      else if (trail.S3BucketName !== bucket.physicalId) problems.push(`it writes to ${trail.S3BucketName ?? 'no bucket'}, not to ${bucketId} (${bucket.physicalId})`);
      if (problems.length) return fail(`deployed ${trailId} (${r.physicalId}): ${problems.join('; ')}`);
      return pass(`deployed ${trailId} (${r.physicalId}) is logging management events of every region, global service events included, with log file validation, into ${bucketId}`);
    },
  };
}
