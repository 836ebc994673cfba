import { CloudFormationClient, GetTemplateCommand } from '@aws-sdk/client-cloudformation';
import { isDeepStrictEqual } from 'util';
import type { SynthIdentity } from '../model/evidence';
import type { TemplateJson } from '../model/template';
import { normaliseTemplate } from '../sandbox/identity';

export const TEMPLATE_CALL = 'cloudformation:GetTemplate';

/** The template CloudFormation holds for the stack (what was last deployed), or undefined when it cannot be parsed. */
export async function deployedTemplate(cfn: CloudFormationClient, stackName: string): Promise<TemplateJson | undefined> {
  const out = await cfn.send(new GetTemplateCommand({ StackName: stackName, TemplateStage: 'Original' }));
  const body = out?.TemplateBody;
  if (typeof body !== 'string') return undefined;
  try {
    const parsed = JSON.parse(body);
    return parsed && typeof parsed === 'object' && parsed.Resources ? (parsed as TemplateJson) : undefined;
  } catch {
    return undefined;
  }
}

/** The expiry the guardrails tagged the deployed stack with (every taggable resource carries it). */
function expiresAtOf(template: TemplateJson): string | undefined {
  for (const r of Object.values(template.Resources ?? {})) {
    const tags = r.Properties?.Tags;
    if (Array.isArray(tags)) {
      const t = tags.find((x: { Key?: string }) => x?.Key === 'awswo:expires-at');
      if (t && typeof t.Value === 'string') return t.Value;
    }
  }
  return undefined;
}

/** A resource as it is compared: without metadata (paths, asset hints), which deploys do not judge. */
const comparable = (r: unknown) => {
  const { Metadata: _metadata, ...rest } = (r ?? {}) as Record<string, unknown>;
  return rest;
};

/**
 * Logical ids of the resources where the deployed stack is not the lab the grader synthesized, once
 * each is normalised for its own identity (student, account, region, expiry). CDK's metadata
 * resource is left out. A lab that shows the grader one template and deploys another shows here.
 */
export function differingResources(graded: TemplateJson, gradedFor: SynthIdentity, deployed: TemplateJson, deployedFor: Omit<SynthIdentity, 'expiresAt'>): string[] {
  const expiresAt = expiresAtOf(deployed) ?? gradedFor.expiresAt;
  const a = normaliseTemplate(graded, gradedFor).Resources ?? {};
  const b = normaliseTemplate(deployed, { ...deployedFor, expiresAt }).Resources ?? {};
  const ids = new Set([...Object.keys(a), ...Object.keys(b)]);
  return [...ids].filter((id) => (a[id] ?? b[id])?.Type !== 'AWS::CDK::Metadata' && !isDeepStrictEqual(comparable(a[id]), comparable(b[id]))).sort();
}
