import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import type { NagFinding } from '../model/evidence';
import type { TemplateJson } from '../model/template';
import type { LabAcknowledgement } from '../sandbox/harness';
import { constructPath } from '../template/read';

// cdk-nag and the parts of aws-cdk-lib it reads a template back with load on the first judgement,
// not with this module: a grade loads them while the sandbox synthesizes (warmJudging), not before.
// (Named, never spread: aws-cdk-lib's index loads a service module on each property read.)
const load = () => {
  const { App, Stack } = require('aws-cdk-lib') as typeof import('aws-cdk-lib');
  const { CfnInclude } = require('aws-cdk-lib/cloudformation-include') as typeof import('aws-cdk-lib/cloudformation-include');
  // Before cdk-nag loads: its rules' service modules load only when a template needs them.
  (require('./nag-service-modules') as typeof import('./nag-service-modules')).lazyNagServiceModules();
  const { coursePacks } = require('../nag/course-packs') as typeof import('../nag/course-packs');
  return { App, Stack, CfnInclude, coursePacks };
};

/**
 * Runs the course's cdk-nag packs over a synthesized template, in the grader's process: the
 * template is read back into a fresh stack (cloudformation-include), so no code of the student's
 * runs here, and every finding is keyed by the logical id it was found on. A student's
 * acknowledgements never silence a rule (the packs' acknowledgement lookup is switched off); the
 * ones the lab made are attached to the findings they would have silenced, for the report.
 */
export function nagFindings(template: TemplateJson, acknowledgements: readonly LabAcknowledgement[] = []): NagFinding[] {
  const paths = new Map(Object.entries(template.Resources ?? {}).map(([id, r]) => [id, constructPath(r)]));
  // Metadata is the lab's to write (cdk_nag suppressions among it): the packs read none of it.
  const bare = { ...template, Resources: Object.fromEntries(Object.entries(template.Resources ?? {}).map(([id, r]) => [id, withoutMetadata(r)])) };
  const { App, Stack, CfnInclude, coursePacks } = load();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'awswo-nag-'));
  try {
    const file = path.join(dir, 'template.json');
    fs.writeFileSync(file, JSON.stringify(bare));
    // An App without an outdir makes its own folder in the temp dir on creation and never removes it.
    const stack = new Stack(new App({ outdir: path.join(dir, 'cdk.out') }), 'Graded');
    new CfnInclude(stack, 'Template', { templateFile: file, preserveLogicalIds: true });
    const findings: NagFinding[] = [];
    for (const pack of coursePacks()) {
      Object.defineProperty(pack, 'isAcknowledged', { value: () => false });
      for (const v of pack.validateScope(stack).violations) {
        for (const r of v.violatingResources) {
          const logicalId = (r.constructPath ?? r.resourceLogicalId ?? '').split('/').pop() ?? '';
          const shown = paths.get(logicalId) ?? logicalId;
          findings.push({
            rule: v.ruleName,
            logicalId,
            path: shown,
            severity: v.severity === 'error' ? 'error' : 'warning',
            description: v.description,
            acknowledgedWith: acknowledgementFor(acknowledgements, shown, v.ruleName),
          });
        }
      }
    }
    return findings;
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

function withoutMetadata(resource: TemplateJson['Resources'] extends Record<string, infer R> | undefined ? R : never) {
  const { Metadata: _ignored, ...rest } = resource;
  return rest;
}

/** The reason an acknowledgement on the resource's construct or one of its scopes gives for `rule`. */
export function acknowledgementFor(acks: readonly LabAcknowledgement[], resourcePath: string, rule: string): string | undefined {
  return acks.find((a) => a.rule === rule && (a.path === '' || resourcePath === a.path || resourcePath.startsWith(`${a.path}/`)))?.reason;
}
