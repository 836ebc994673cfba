import type { StaticEvidence } from '../../../lib/model/drill';
import type { TemplateJson } from '../../../lib/model/template';
import { automationRestartsGroup, restartFleet } from '../../../drills/03-runbooks/automation-checks';
import { simulateRun } from '../../../drills/03-runbooks/automation-run';

const TAG = 'awswo:restart-group';
const SPEC = { tag: TAG, parameter: 'RestartGroup', groups: ['web', 'db'] };
const clone = <T>(x: T): T => JSON.parse(JSON.stringify(x));

/** The reference document: find the group's running instances, stop them, start them. */
const DOC = {
  schemaVersion: '0.3',
  parameters: { RestartGroup: { type: 'String', allowedPattern: '^[a-z0-9-]{1,32}$' } },
  mainSteps: [
    {
      name: 'FindInstances', action: 'aws:executeAwsApi', onFailure: 'Abort',
      inputs: { Service: 'ec2', Api: 'DescribeInstances', Filters: [{ Name: `tag:${TAG}`, Values: ['{{ RestartGroup }}'] }, { Name: 'instance-state-name', Values: ['running'] }] },
      outputs: [{ Name: 'InstanceIds', Selector: '$.Reservations..Instances..InstanceId', Type: 'StringList' }],
    },
    { name: 'StopInstances', action: 'aws:changeInstanceState', onFailure: 'step:StartInstances', inputs: { InstanceIds: '{{ FindInstances.InstanceIds }}', DesiredState: 'stopped' } },
    { name: 'StartInstances', action: 'aws:changeInstanceState', onFailure: 'Abort', inputs: { InstanceIds: '{{ FindInstances.InstanceIds }}', DesiredState: 'running' }, isEnd: true },
  ],
};
type Doc = any;

const template = (content: unknown): TemplateJson => ({
  Resources: { Doc1: { Type: 'AWS::SSM::Document', Properties: { DocumentType: 'Automation', Content: content }, Metadata: { 'aws:cdk:path': 'lab/RestartDocument' } } },
});
const evidence = (t: TemplateJson): StaticEvidence => ({
  template: t, baseline: template(DOC), nag: [], scope: { changes: [], violations: [] }, environment: { account: 'unknown-account', region: 'unknown-region' },
  documents: {}, identity: { student: 'sam-12a', account: '123456789013', region: 'eu-south-2', expiresAt: '2031-01-01T00:00:00Z' },
});
const judge = (doc: Doc) => automationRestartsGroup('restarts', 'RestartDocument', SPEC).run(evidence(template(doc)));
const edit = (f: (d: Doc) => void): Doc => {
  const d = clone(DOC) as Doc;
  f(d);
  return d;
};
const fleet = restartFleet(SPEC);
const running = (group: string) => fleet.filter((i) => i.state === 'running' && i.tags[TAG] === group).map((i) => i.id);

describe('a simulated run of an Automation document', () => {
  test('the reference document stops and starts the running instances of the named group, for each group', () => {
    for (const group of SPEC.groups) {
      const run = simulateRun(DOC as Doc, fleet, { RestartGroup: group });
      expect(run).toMatchObject({ actions: [{ step: 'StopInstances', verb: 'stop', ids: running(group) }, { step: 'StartInstances', verb: 'start', ids: running(group) }] });
    }
  });
  test('EC2 filter wildcards and multiple values (OR within a filter, AND across filters)', () => {
    const d = edit((x) => { x.mainSteps[0].inputs.Filters = [{ Name: `tag:${TAG}`, Values: ['w?b', 'nothing'] }, { Name: 'instance-state-code', Values: ['1*'] }]; });
    expect(simulateRun(d, fleet, { RestartGroup: 'web' })).toMatchObject({ actions: [{ ids: running('web') }, { ids: running('web') }] });
  });
  test('a filter the grader does not simulate leaves the run undecided', () => {
    const d = edit((x) => { x.mainSteps[0].inputs.Filters.push({ Name: 'vpc-id', Values: ['vpc-1'] }); });
    expect(simulateRun(d, fleet, { RestartGroup: 'web' })).toEqual({ undecided: expect.stringContaining('the filter vpc-id') });
  });
});

describe('a run restarts the group it names', () => {
  test('the reference document passes', () => {
    expect(judge(DOC)).toMatchObject({ status: 'pass' });
  });

  describe('correct variants pass', () => {
    test.each([
      ['every reservation and instance by index wildcard', (d: Doc) => { d.mainSteps[0].outputs[0].Selector = '$.Reservations[*].Instances[*].InstanceId'; }],
      ['every InstanceId anywhere in the response', (d: Doc) => { d.mainSteps[0].outputs[0].Selector = '$..InstanceId'; }],
      ['the running state by its code', (d: Doc) => { d.mainSteps[0].inputs.Filters[1] = { Name: 'instance-state-code', Values: ['16'] }; }],
      ['the group as allowedValues', (d: Doc) => { d.parameters.RestartGroup = { type: 'String', allowedValues: ['web', 'db', 'batch'] }; }],
      ['stop and start through aws:executeAwsApi', (d: Doc) => {
        d.mainSteps[1] = { name: 'StopInstances', action: 'aws:executeAwsApi', onFailure: 'step:StartInstances', inputs: { Service: 'ec2', Api: 'StopInstances', InstanceIds: '{{ FindInstances.InstanceIds }}' } };
        d.mainSteps[2] = { name: 'StartInstances', action: 'aws:executeAwsApi', onFailure: 'Abort', inputs: { Service: 'ec2', Api: 'StartInstances', InstanceIds: '{{ FindInstances.InstanceIds }}' } };
      }],
      ['a wait for the stopped state between stop and start', (d: Doc) => {
        d.mainSteps.splice(2, 0, { name: 'WaitStopped', action: 'aws:waitForAwsResourceProperty', onFailure: 'step:StartInstances', inputs: { Service: 'ec2', Api: 'DescribeInstances', InstanceIds: '{{ FindInstances.InstanceIds }}', PropertySelector: '$.Reservations..Instances..State.Name', DesiredValues: ['stopped'] } });
      }],
    ])('%s', (_name, f) => {
      expect(judge(edit(f))).toMatchObject({ status: 'pass' });
    });
  });

  describe('wrong fixes fail, each for its own reason', () => {
    test.each([
      ['the start step starts a literal instance id', (d: Doc) => { d.mainSteps[2].inputs.InstanceIds = ['i-0123456789abcdef0']; },
        /step StartInstances starts i-0123456789abcdef0 \(not an instance the run found/],
      ['both steps act on literal ids', (d: Doc) => { d.mainSteps[1].inputs.InstanceIds = ['i-0123456789abcdef0']; d.mainSteps[2].inputs.InstanceIds = ['i-0123456789abcdef0']; },
        /step StopInstances stops i-0123456789abcdef0/],
      ['the selector looks where DescribeInstances holds nothing', (d: Doc) => { d.mainSteps[0].outputs[0].Selector = '$.Instances..InstanceId'; },
        /step StopInstances stops no instance: the output FindInstances.InstanceIds selects nothing from a DescribeInstances response \(\$\.Instances\.\.InstanceId\)/],
      ['the selector names a field the response does not have', (d: Doc) => { d.mainSteps[0].outputs[0].Selector = '$.Reservations..Instances..InstanceIds'; },
        /selects nothing from a DescribeInstances response/],
      ['the selector picks the image ids', (d: Doc) => { d.mainSteps[0].outputs[0].Selector = '$.Reservations..Instances..ImageId'; },
        /stops ami-0a+ \(not an instance the run found/],
      ['only the first reservation', (d: Doc) => { d.mainSteps[0].outputs[0].Selector = '$.Reservations[0].Instances..InstanceId'; },
        /stops only i-0+1 .* and leaves out i-0+2/],
      ['the filter on another tag key', (d: Doc) => { d.mainSteps[0].inputs.Filters[0].Name = 'tag:restart-group'; },
        /with RestartGroup=web, step StopInstances stops no instance/],
      ['the group written into the filter instead of the parameter', (d: Doc) => { d.mainSteps[0].inputs.Filters[0].Values = ['web']; },
        /with RestartGroup=db, step StopInstances stops i-0+1 \(a running instance of the web group\)/],
      ['every group (a wildcard value)', (d: Doc) => { d.mainSteps[0].inputs.Filters[0].Values = ['*']; },
        /stops i-0+11 \(a running instance of the db group\)/],
      ['the restart tag present, any value (tag-key)', (d: Doc) => { d.mainSteps[0].inputs.Filters[0] = { Name: 'tag-key', Values: [TAG] }; },
        /a running instance of the db group/],
      ['no state filter: the stopped spare is started too', (d: Doc) => { d.mainSteps[0].inputs.Filters.pop(); },
        /starts i-0+f01 \(a stopped instance of the web group\)/],
      ['no filter at all', (d: Doc) => { delete d.mainSteps[0].inputs.Filters; },
        /a running instance of no restart group/],
      ['the instances are a StringList parameter the caller fills', (d: Doc) => {
        d.parameters.InstanceIds = { type: 'StringList', default: [] };
        d.mainSteps[1].inputs.InstanceIds = '{{ InstanceIds }}';
        d.mainSteps[2].inputs.InstanceIds = '{{ InstanceIds }}';
      }, /step StopInstances stops no instance/],
      ['the group parameter refuses every group name', (d: Doc) => { d.parameters.RestartGroup.allowedPattern = '^[0-9]+$'; },
        /the parameter RestartGroup cannot name the group web: its allowedPattern \^\[0-9\]\+\$ refuses web/],
      ['the group parameter allows only a group that does not exist', (d: Doc) => { d.parameters.RestartGroup = { type: 'String', allowedValues: ['none'] }; },
        /its allowedValues \(none\) leave out web/],
      ['no group parameter', (d: Doc) => { delete d.parameters.RestartGroup; },
        /declares no parameter RestartGroup/],
      ['the start step dropped', (d: Doc) => { d.mainSteps.pop(); },
        /no step starts instances/],
    ])('%s', (_name, f, because) => {
      expect(judge(edit(f))).toEqual({ status: 'fail', message: expect.stringMatching(because) });
    });
  });

  test('a document the grader cannot simulate is an error, never a pass', () => {
    const script = edit((d) => { d.mainSteps[0] = { name: 'FindInstances', action: 'aws:executeScript', inputs: { Runtime: 'python3.11', Handler: 'h', Script: '...' }, outputs: [{ Name: 'InstanceIds', Selector: '$.Payload', Type: 'StringList' }] }; });
    expect(judge(script)).toEqual({ status: 'error', message: expect.stringContaining('uses aws:executeScript, which the grader does not simulate') });
    const pattern = edit((d) => { d.parameters.RestartGroup.allowedPattern = '^(?<'; });
    expect(judge(pattern)).toMatchObject({ status: 'error' });
  });
});

describe('instance ids of the wrong type are judged by what they pass', () => {
  test('a String output (the first instance only) restarts only that instance', () => {
    const d = edit((x) => { x.mainSteps[0].outputs[0].Type = 'String'; });
    expect(judge(d)).toEqual({ status: 'fail', message: expect.stringMatching(/step StopInstances stops only i-0+1 .*, and not|and leaves out i-0+2/) });
  });
  test('a parameter nobody fills in passes no instance', () => {
    const d = edit((x) => { x.parameters.Ids = { type: 'StringList' }; x.mainSteps[1].inputs.InstanceIds = '{{ Ids }}'; });
    expect(judge(d)).toEqual({ status: 'fail', message: expect.stringContaining('step StopInstances stops no instance') });
  });
});
