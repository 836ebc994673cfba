// Live checks of SSM Automation documents: the runbook as Systems Manager holds it (GetDocument),
// judged by the same functions as the template's Content (automation-checks.ts). The SDK is
// required where used, so a static grade never loads it. SDK errors propagate.
import { fail, pass, Verdict } from '../../lib/model/verdict';
import type { LiveCheck, LiveContext } from '../../lib/model/live-check';
import { errorName, isVerdict, notDeployed, notFoundLive } from '../../lib/live/deployed';
import { stackEnv } from '../../lib/live/stack';
import { assumedRole, AutomationDocument, automationContent, failsSafelyIn, inputsResolveIn } from './automation-checks';
import { isArn, parseArn, sdk } from '../../lib/live/sdk';

const GET_DOCUMENT = 'ssm:GetDocument';

/** The deployed document's Content, parsed, or the verdict when it is gone or not an Automation runbook. */
async function deployedAutomation(ctx: LiveContext, docId: string): Promise<{ doc: AutomationDocument; name: string } | Verdict> {
  const r = ctx.resource(docId);
  if (!r) return notDeployed(ctx, docId);
  const { GetDocumentCommand, SSMClient } = sdk.ssm();
  const request = { Name: r.physicalId, DocumentFormat: 'JSON' as const };
  let out;
  try {
    out = await ctx.client(SSMClient).send(new GetDocumentCommand(request));
  } catch (err) {
    if (errorName(err) === 'InvalidDocument') return notFoundLive(docId, r, GET_DOCUMENT);
    throw err;
  }
  const doc = automationContent(docId, out.Content);
  ctx.record({
    call: GET_DOCUMENT,
    request,
    observed: { DocumentType: out.DocumentType, DocumentVersion: out.DocumentVersion, Status: out.Status, Content: typeof doc === 'string' ? out.Content : doc },
  });
  if (out.DocumentType !== 'Automation') return fail(`deployed ${docId} (${r.physicalId}) is a ${out.DocumentType ?? 'document of no type'} document, not an Automation runbook`);
  if (typeof doc === 'string') return fail(`deployed ${doc}`);
  return { doc, name: r.physicalId };
}

function judged(id: string, docId: string, judge: (doc: AutomationDocument, ctx: LiveContext, name: string) => Verdict): LiveCheck {
  return {
    id,
    apiCalls: [GET_DOCUMENT],
    driftSubjects: [docId],
    run: async (ctx) => {
      const found = await deployedAutomation(ctx, docId);
      if (isVerdict(found)) return found;
      const v = judge(found.doc, ctx, found.name);
      return { status: v.status, message: `deployed ${v.message}` };
    },
  };
}

/** The deployed runbook assumes the deployed role: its ARN, in the lab's account (twin of automationRunsAs). */
export function liveAutomationRunsAs(id: string, docId: string, roleId: string): LiveCheck {
  return judged(id, docId, (doc, ctx) => {
    const assumed = assumedRole(docId, roleId, doc);
    if (typeof assumed === 'string') return fail(assumed);
    const role = ctx.resource(roleId);
    if (!role) return fail(`${docId}: ${roleId} is not in the deployed stack ${ctx.stack.stackName}, so the runbook cannot run as it`);
    const value = assumed.value;
    if (typeof value !== 'string' || !isArn(value)) return fail(`${docId}: assumeRole${assumed.via} is ${JSON.stringify(value)}, not a role ARN`);
    const arn = parseArn(value);
    const name = arn.resource.split('/').pop();
    const { account } = stackEnv(ctx.stack);
    if (arn.service !== 'iam' || !arn.resource.startsWith('role/') || name !== role.physicalId || arn.accountId !== account) {
      return fail(`${docId}: assumeRole${assumed.via} is ${value}, not ${roleId} (${role.physicalId}) of account ${account}`);
    }
    return pass(`${docId} runs as ${roleId} (${value})${assumed.via}`);
  });
}

/** Every input of the deployed runbook resolves, with the right type (twin of automationInputsResolve). */
export function liveAutomationInputsResolve(id: string, docId: string): LiveCheck {
  return judged(id, docId, (doc) => inputsResolveIn(docId, doc));
}

/** Every step of the deployed runbook handles its failure; a failed stop starts the instances again (twin of automationFailsSafely). */
export function liveAutomationFailsSafely(id: string, docId: string): LiveCheck {
  return judged(id, docId, (doc) => failsSafelyIn(docId, doc));
}
