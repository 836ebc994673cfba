// The stand-ins work on Node's own module loader, which Jest replaces with its own: each case runs
// in a plain Node process, with the stand-ins and without (cdk-nag loaded before them), on the same template.
import { spawnSync } from 'child_process';
import { catalog } from '../../../drills/registry';
import { readBaseline } from '../../../lib/grading/baseline';
import { LIBRARY_ROOT } from '../../../lib/paths';

const PROBE = `
const [root, lazy] = process.argv.slice(1);
const templates = JSON.parse(require('fs').readFileSync(0, 'utf8'));
require(root + '/bin/register-ts.js');
// nag-findings installs the stand-ins before it loads cdk-nag; loaded first, cdk-nag has the real modules.
if (lazy !== 'lazy') require(root + '/lib/nag/course-packs.ts');
const { nagFindings } = require(root + '/lib/grading/nag-findings.ts');
const findings = templates.map((t) => nagFindings(t).map((f) => f.rule + ' ' + f.logicalId + ' ' + f.severity).sort());
const loaded = (service) => Object.keys(require.cache).some((f) => f.includes('/aws-cdk-lib/' + service + '/'));
let standInUse;
if (lazy === 'lazy') {
  // What cdk-nag's rule files are handed, used as they use it, and otherwise.
  const Module = require('module');
  const fromNag = { filename: require.resolve('cdk-nag/lib/rules/quicksight/QuicksightSSLConnections.js', { paths: [root] }) };
  const sm = Module._load('aws-cdk-lib/aws-sagemaker', fromNag, false);
  const before = { instance: {} instanceof sm.CfnNotebookInstance, loaded: loaded('aws-sagemaker') };
  const typeName = sm.CfnNotebookInstance.CFN_RESOURCE_TYPE_NAME;
  standInUse = { before, typeName, loadedAfter: loaded('aws-sagemaker') };
}
console.log(JSON.stringify({ findings, quicksight: loaded('aws-quicksight'), sagemaker: loaded('aws-sagemaker'), standInUse }));
`;

function probe(templates: object[], lazy: boolean): { findings: string[][]; quicksight: boolean; sagemaker: boolean; standInUse?: { before: { instance: boolean; loaded: boolean }; typeName: string; loadedAfter: boolean } } {
  const r = spawnSync(process.execPath, ['-e', PROBE, LIBRARY_ROOT, lazy ? 'lazy' : 'eager'], { input: JSON.stringify(templates), encoding: 'utf8', env: { ...process.env, AWSWO_CODE_CACHE: 'off' } });
  if (r.status !== 0) throw new Error(r.stderr);
  return JSON.parse(r.stdout);
}

const role = {
  Type: 'AWS::IAM::Role',
  Properties: {
    AssumeRolePolicyDocument: { Statement: [{ Effect: 'Allow', Action: 'sts:AssumeRole', Principal: { Service: 'lambda.amazonaws.com' } }] },
    ManagedPolicyArns: ['arn:aws:iam::aws:policy/AdministratorAccess'],
  },
};
const insecureDataSource = {
  Type: 'AWS::QuickSight::DataSource',
  Properties: { AwsAccountId: '123456789012', DataSourceId: 'd', Name: 'd', Type: 'POSTGRESQL', SslProperties: { DisableSsl: true } },
};

describe('cdk-nag\'s service modules, loaded when a template needs them', () => {
  test('a template without a service\'s resources: the same findings, and the service module is never loaded', () => {
    const template = { Resources: { Role: role } };
    const eager = probe([template], false);
    const lazy = probe([template], true);
    expect(lazy.findings).toEqual(eager.findings);
    expect(lazy.findings[0]).toContain('Awswo-IAMNoAdminManagedPolicy Role error');
    expect(eager.quicksight).toBe(true);
    expect(lazy.quicksight).toBe(false);
  }, 60_000);

  test('a template with one: its rules still judge it (QuickSight without SSL is found)', () => {
    const template = { Resources: { Role: role, Ds: insecureDataSource } };
    const eager = probe([template], false);
    const lazy = probe([template], true);
    expect(lazy.findings).toEqual(eager.findings);
    expect(lazy.findings[0].some((f) => f.startsWith('AwsSolutions-QS1 Ds'))).toBe(true);
    expect(lazy.quicksight).toBe(true);
  }, 60_000);

  test('a stand-in\'s class is no instance\'s class until its module loads; any other use loads the real module', () => {
    const { standInUse } = probe([{ Resources: { Role: role } }], true);
    expect(standInUse).toEqual({ before: { instance: false, loaded: false }, typeName: 'AWS::SageMaker::NotebookInstance', loadedAfter: true });
  }, 60_000);

  test('every drill\'s baseline: the same findings as with every service module loaded', () => {
    const baselines = catalog.all().map((d) => readBaseline(d));
    const eager = probe(baselines, false);
    const lazy = probe(baselines, true);
    expect(lazy.findings).toEqual(eager.findings);
    expect(lazy.findings.flat().length).toBeGreaterThan(50);
  }, 60_000);
});
