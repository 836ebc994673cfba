// CDK's own custom resources, as CDK generates them: the only custom resources a lab may add
// without the drill allowing it, because the grader knows what their handlers do. A resource
// with CDK's type name or a CDK handler's logical id whose handler is not CDK's is a fake stand-in.
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import type { TemplateJson, TemplateResource } from '../../model/template';
import { refTarget, render } from '../../template/read';

/** CDK custom resource types whose handlers only do what the grader already judges (empty a bucket on delete, strip the default security group, set bucket notifications). */
export const CDK_OWN_CUSTOM_TYPES = ['Custom::S3AutoDeleteObjects', 'Custom::VpcRestrictDefaultSG', 'Custom::S3BucketNotifications'] as const;

/** Other custom resource types CDK generates: genuine or not, they change resources after deploy. */
export const CDK_OTHER_CUSTOM_TYPES = [
  'Custom::AWS', 'Custom::LogRetention', 'Custom::CDKBucketDeployment', 'Custom::CrossRegionExportWriter', 'Custom::CrossRegionExportReader',
  'Custom::ECRAutoDeleteImages', 'Custom::DeleteExistingRecordSet', 'Custom::CrossAccountZoneDelegation', 'Custom::AWSCDKOpenIdConnectProvider',
  'Custom::AWSCDKCfnJson', 'Custom::CDKNodejsFunctionAsset', 'Custom::SyntheticsAutoDeleteUnderlyingResources',
];

/** The properties of a handler function that decide what it runs. */
const HANDLER_PROPERTIES = ['Code', 'Handler', 'Runtime', 'Timeout', 'MemorySize', 'Layers', 'Environment', 'Architectures', 'ImageConfig', 'PackageType'];

export interface CdkHandler {
  readonly logicalId: string;
  readonly properties: Record<string, unknown>;
}

let reference: { handlers: Map<string, CdkHandler>; byLogicalId: Map<string, string> } | undefined;

/**
 * Synthesizes, once per process, a stack with each of CDK's own custom resources, with this
 * grader's aws-cdk-lib: their handlers as CDK generates them are the reference.
 */
function cdkReference(): NonNullable<typeof reference> {
  if (reference) return reference;
  // aws-cdk-lib loads only for a template that has one of them, not with the scope diff.
  /* eslint-disable @typescript-eslint/no-require-imports */
  const { App, RemovalPolicy, Stack } = require('aws-cdk-lib') as typeof import('aws-cdk-lib');
  const ec2 = require('aws-cdk-lib/aws-ec2') as typeof import('aws-cdk-lib/aws-ec2');
  const lambda = require('aws-cdk-lib/aws-lambda') as typeof import('aws-cdk-lib/aws-lambda');
  const s3 = require('aws-cdk-lib/aws-s3') as typeof import('aws-cdk-lib/aws-s3');
  const s3n = require('aws-cdk-lib/aws-s3-notifications') as typeof import('aws-cdk-lib/aws-s3-notifications');
  /* eslint-enable @typescript-eslint/no-require-imports */
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'awswo-cdk-reference-'));
  try {
    const app = new App({ outdir });
    const stack = new Stack(app, 'Reference');
    const bucket = new s3.Bucket(stack, 'Bucket', { autoDeleteObjects: true, removalPolicy: RemovalPolicy.DESTROY });
    const fn = new lambda.Function(stack, 'Fn', { runtime: lambda.Runtime.NODEJS_LATEST, handler: 'index.handler', code: lambda.Code.fromInline('exports.handler = async () => {};') });
    bucket.addEventNotification(s3.EventType.OBJECT_CREATED, new s3n.LambdaDestination(fn));
    new ec2.Vpc(stack, 'Vpc', { maxAzs: 1, natGateways: 0, restrictDefaultSecurityGroup: true, subnetConfiguration: [{ name: 'p', subnetType: ec2.SubnetType.PUBLIC }] });
    const template = app.synth().getStackByName('Reference').template as TemplateJson;
    const handlers = new Map<string, CdkHandler>();
    const byLogicalId = new Map<string, string>();
    for (const r of Object.values(template.Resources ?? {})) {
      if (!(CDK_OWN_CUSTOM_TYPES as readonly string[]).includes(r.Type)) continue;
      const id = refTarget(r.Properties?.ServiceToken);
      const handler = id ? template.Resources![id] : undefined;
      if (!id || !handler) throw new Error(`CDK's ${r.Type} has no handler in the reference stack`);
      handlers.set(r.Type, { logicalId: id, properties: handlerProperties(handler) });
      byLogicalId.set(id, r.Type);
    }
    if (handlers.size !== CDK_OWN_CUSTOM_TYPES.length) throw new Error('the reference stack lacks some of CDK\'s own custom resources');
    reference = { handlers, byLogicalId };
    return reference;
  } finally {
    fs.rmSync(outdir, { recursive: true, force: true });
  }
}

/** A handler's deciding properties; the asset bucket rendered so a pinned and an unpinned stack compare equal. */
function handlerProperties(resource: TemplateResource): Record<string, unknown> {
  const props = resource.Properties ?? {};
  const out: Record<string, unknown> = { Type: resource.Type };
  for (const key of HANDLER_PROPERTIES) if (props[key] !== undefined) out[key] = props[key];
  const code = out.Code as Record<string, unknown> | undefined;
  if (code && code.S3Bucket !== undefined) {
    // A literal or normalised (<account>, <region>) account and region where the stack pins them.
    const bucket = render(code.S3Bucket).replace(/\d{12}|<account>/g, '${AWS::AccountId}').replace(/-([a-z]{2}(-[a-z]+)+-\d+|<region>)$/, '-${AWS::Region}');
    out.Code = { ...code, S3Bucket: bucket };
  }
  return JSON.parse(JSON.stringify(out));
}

const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

/** The handler the baseline (the grader's pristine lab, CDK-generated) has for a custom resource type, if it has one. */
function baselineHandler(baseline: TemplateJson | undefined, type: string): CdkHandler | undefined {
  for (const r of Object.values(baseline?.Resources ?? {})) {
    if (r.Type !== type) continue;
    const id = refTarget(r.Properties?.ServiceToken);
    const fn = id ? baseline!.Resources![id] : undefined;
    if (id && fn) return { logicalId: id, properties: handlerProperties(fn) };
  }
  return undefined;
}

/**
 * What is wrong with a resource that claims to be one of CDK's own custom resources (by type) or
 * their handlers (by logical id), or undefined when it is CDK's own: its handler is the one the
 * baseline has, or (for one the baseline lacks) the one CDK generates.
 */
export function cdkCustomResourceProblem(template: TemplateJson, logicalId: string, baseline?: TemplateJson): string | undefined {
  const r = (template.Resources ?? {})[logicalId];
  if (!r) return undefined;
  if (r.Type === 'AWS::Lambda::Function' && HANDLER_ID.test(logicalId)) {
    const inBaseline = baseline?.Resources?.[logicalId];
    const want = inBaseline ? handlerProperties(inBaseline) : [...cdkReference().handlers.values()].find((h) => h.logicalId === logicalId)?.properties;
    if (!want || !same(handlerProperties(r), want)) {
      const type = cdkReference().byLogicalId.get(logicalId) ?? 'a CDK custom resource';
      return `${logicalId} has the logical id of CDK's handler for ${type}, but not its code, runtime or settings`;
    }
  }
  if (!(CDK_OWN_CUSTOM_TYPES as readonly string[]).includes(r.Type)) return undefined;
  const token = r.Properties?.ServiceToken;
  const target = refTarget(token);
  const att = (token as any)?.['Fn::GetAtt'];
  if (!target || !Array.isArray(att) || att[1] !== 'Arn') return `${logicalId} (${r.Type}) is not CDK's own: its ServiceToken is ${render(token)}, not CDK's handler function`;
  const handler = baselineHandler(baseline, r.Type) ?? cdkReference().handlers.get(r.Type)!;
  const fn = (template.Resources ?? {})[target];
  if (target !== handler.logicalId || !fn || !same(handlerProperties(fn), handler.properties)) {
    return `${logicalId} (${r.Type}) is not CDK's own: its ServiceToken points at ${target}, whose code differs from the handler CDK generates (${handler.logicalId})`;
  }
  return undefined;
}

/** CDK's names for the handlers (and their roles) of its own custom resources: stack singletons, named by their construct path. */
const HANDLER_ID = /^(Custom(S3AutoDeleteObjects|VpcRestrictDefaultSG)CustomResourceProviderHandler|BucketNotificationsHandler050a0587b7544547bf325f094a3db834)[0-9A-F]{8}$/;
const ROLE_ID = /^(Custom(S3AutoDeleteObjects|VpcRestrictDefaultSG)CustomResourceProviderRole|BucketNotificationsHandler050a0587b7544547bf325f094a3db834Role)[0-9A-F]{8}$/;

/** Whether a logical id is one CDK gives the handlers of its own custom resources, or their roles. */
export function isCdkHandlerId(logicalId: string): boolean {
  return HANDLER_ID.test(logicalId) || ROLE_ID.test(logicalId);
}
