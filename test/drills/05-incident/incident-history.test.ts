import * as fs from 'fs';
import * as path from 'path';
import { AlarmHistoryItem, CloudWatchClient, DescribeAlarmHistoryCommand } from '@aws-sdk/client-cloudwatch';
import { DescribeSecurityGroupsCommand, EC2Client } from '@aws-sdk/client-ec2';
import { mockClient } from 'aws-sdk-client-mock';
import drill from '../../../drills/05-incident/live-incident/drill';
import { liveIncidentTimeline, transitionOf } from '../../../drills/05-incident/incident-history';
import { ACCOUNT, awsError, fakeContext, REGION } from './fake-context';

const cw = mockClient(CloudWatchClient);
const ec2 = mockClient(EC2Client);
beforeEach(() => {
  cw.reset();
  ec2.reset();
});

const STACK = 'awswo-alice-live-incident';
const ALARM_NAME = `${STACK}-HealthyHostsAlarm981A3ACD-Z9Y8X7W6V5U4`;
const WEB_SG = 'sg-0a1b2c3d4e5f60001';
const byConstruct = {
  HealthyHostsAlarm: { logicalId: 'HealthyHostsAlarm981A3ACD', type: 'AWS::CloudWatch::Alarm', physicalId: ALARM_NAME },
  WebSecurityGroup: { logicalId: 'WebSecurityGroup73AF7387', type: 'AWS::EC2::SecurityGroup', physicalId: WEB_SG },
};
const SOLUTION_LOG = fs.readFileSync(path.join(drill.dir, 'INCIDENT.solution.md'), 'utf8');

const INCIDENT_FILE = 'drills/05-incident/live-incident/INCIDENT.md';
/** The documents the static grade read: the given INCIDENT.md, or none. */
const documents = (incident?: string): Record<string, { file: string; text: string }> => (incident === undefined ? {} : { 'INCIDENT.md': { file: INCIDENT_FILE, text: incident } });
const ctx = (incident: string | undefined = SOLUTION_LOG) => fakeContext({ drill, byConstruct, documents: documents(incident), stackName: STACK });

/** A StateUpdate history item as DescribeAlarmHistory returns it. */
function stateUpdate(at: string, from: string, to: string): AlarmHistoryItem {
  const state = (value: string) => ({ stateValue: value, stateReason: `Threshold Crossed: 2 out of the last 3 datapoints were ${value === 'ALARM' ? 'less than' : 'not less than'} the threshold (1.0).` });
  return {
    AlarmName: ALARM_NAME,
    AlarmType: 'MetricAlarm',
    Timestamp: new Date(at),
    HistoryItemType: 'StateUpdate',
    HistorySummary: `Alarm updated from ${from} to ${to}`,
    HistoryData: JSON.stringify({ version: '1.0', oldState: state(from), newState: state(to) }),
  };
}
const group = (injectedAt?: string) => ({
  SecurityGroups: [{ GroupId: WEB_SG, OwnerId: ACCOUNT, Tags: injectedAt ? [{ Key: 'awswo:incident-injected-at', Value: injectedAt }, { Key: 'awswo:incident', Value: 'revoked tcp 80-80 from AlbSecurityGroup' }] : [] }],
});
const HISTORY = [
  stateUpdate('2025-06-03T08:05:00Z', 'INSUFFICIENT_DATA', 'OK'),
  stateUpdate('2025-06-03T10:13:05Z', 'OK', 'ALARM'),
  stateUpdate('2025-06-03T10:24:10Z', 'ALARM', 'OK'),
];
const check = liveIncidentTimeline('live-incident-timeline', { alarm: 'HealthyHostsAlarm', injectedOn: 'WebSecurityGroup', now: () => new Date('2025-06-03T11:00:00Z') });

describe('transitionOf', () => {
  test('reads HistoryData, else the summary', () => {
    expect(transitionOf(HISTORY[1])).toEqual({ at: new Date('2025-06-03T10:13:05Z'), from: 'OK', to: 'ALARM' });
    expect(transitionOf({ ...HISTORY[2], HistoryData: undefined })).toEqual({ at: new Date('2025-06-03T10:24:10Z'), from: 'ALARM', to: 'OK' });
    expect(transitionOf({ Timestamp: new Date(), HistorySummary: 'Alarm updated' })).toBeUndefined();
  });
});

describe('liveIncidentTimeline', () => {
  test('pass: ALARM then OK after the injection, and the log agrees; evidence has the times', async () => {
    ec2.on(DescribeSecurityGroupsCommand).resolves(group('2025-06-03T10:09:12Z'));
    cw.on(DescribeAlarmHistoryCommand).resolves({ AlarmHistoryItems: HISTORY.slice(1) });
    const c = ctx();
    const v = await check.run(c);
    expect(v).toEqual({ status: 'pass', message: expect.stringContaining('recovered in 11.1 min') });
    const history = c.evidence.find((e) => e.call === 'cloudwatch:DescribeAlarmHistory')!;
    expect(history.observed).toMatchObject({ injectedAt: '2025-06-03T10:09:12Z', alarmAt: '2025-06-03T10:13:05Z', okAt: '2025-06-03T10:24:10Z', timeToDetectSeconds: 233, timeToRecoverSeconds: 665 });
    const input = cw.commandCalls(DescribeAlarmHistoryCommand)[0].args[0].input;
    expect(input).toMatchObject({ AlarmName: ALARM_NAME, HistoryItemType: 'StateUpdate', ScanBy: 'TimestampAscending', StartDate: new Date('2025-06-03T10:07:12Z') });
    expect(c.evidence.find((e) => e.call === 'ec2:DescribeSecurityGroups')!.observed).toMatchObject({ 'awswo:incident-injected-at': '2025-06-03T10:09:12Z' });
  });

  test('follows NextToken through the history', async () => {
    ec2.on(DescribeSecurityGroupsCommand).resolves(group('2025-06-03T10:09:12Z'));
    cw.on(DescribeAlarmHistoryCommand).resolvesOnce({ AlarmHistoryItems: [HISTORY[1]], NextToken: 'next' }).resolvesOnce({ AlarmHistoryItems: [HISTORY[2]] });
    expect((await check.run(ctx())).status).toBe('pass');
    expect(cw.commandCalls(DescribeAlarmHistoryCommand)).toHaveLength(2);
  });

  test('error (not fail): no incident was injected', async () => {
    ec2.on(DescribeSecurityGroupsCommand).resolves(group());
    expect(await check.run(ctx())).toMatchObject({ status: 'error', message: expect.stringContaining('awswo inject live-incident --student alice') });
    expect(cw.commandCalls(DescribeAlarmHistoryCommand)).toHaveLength(0);
  });

  test('fail: the alarm never fired; fired but has not recovered', async () => {
    ec2.on(DescribeSecurityGroupsCommand).resolves(group('2025-06-03T10:09:12Z'));
    cw.on(DescribeAlarmHistoryCommand).resolves({ AlarmHistoryItems: [] });
    expect((await check.run(ctx())).message).toContain('has not gone into ALARM since the incident began at 2025-06-03T10:09:12Z');
    cw.on(DescribeAlarmHistoryCommand).resolves({ AlarmHistoryItems: [HISTORY[1]] });
    expect(await check.run(ctx())).toMatchObject({ status: 'fail', message: expect.stringContaining('has not returned to OK: the incident is not mitigated yet') });
  });

  test('an ALARM before the injection does not count', async () => {
    ec2.on(DescribeSecurityGroupsCommand).resolves(group('2025-06-03T10:30:00Z'));
    cw.on(DescribeAlarmHistoryCommand).resolves({ AlarmHistoryItems: HISTORY.slice(1) });
    expect((await check.run(ctx())).message).toContain('has not gone into ALARM since the incident began');
  });

  test('fail: the log contradicts the history (Observe before the alarm, Verify before recovery)', async () => {
    ec2.on(DescribeSecurityGroupsCommand).resolves(group('2025-06-03T10:09:12Z'));
    cw.on(DescribeAlarmHistoryCommand).resolves({ AlarmHistoryItems: HISTORY.slice(1) });
    const early = SOLUTION_LOG.replace('2025-06-03T10:14:00Z', '2025-06-03T10:05:00Z').replace('2025-06-03T10:25:00Z', '2025-06-03T10:21:30Z');
    const v = await check.run(ctx(early));
    expect(v.status).toBe('fail');
    expect(v.message).toContain('Observe (2025-06-03T10:05:00Z) is before HealthyHostsAlarm went into ALARM (2025-06-03T10:13:05Z)');
    expect(v.message).toContain('Verify (2025-06-03T10:21:30Z) is before HealthyHostsAlarm returned to OK (2025-06-03T10:24:10Z)');
  });

  test('fail: mitigation logged after the service had already recovered', async () => {
    ec2.on(DescribeSecurityGroupsCommand).resolves(group('2025-06-03T10:09:12Z'));
    cw.on(DescribeAlarmHistoryCommand).resolves({ AlarmHistoryItems: HISTORY.slice(1) });
    const late = SOLUTION_LOG.replace('2025-06-03T10:21:00Z', '2025-06-03T10:29:00Z').replace('2025-06-03T10:25:00Z', '2025-06-03T10:30:00Z');
    expect((await check.run(ctx(late))).message).toContain('Mitigate (2025-06-03T10:29:00Z) is after HealthyHostsAlarm was already back to OK');
  });

  test('within the tolerance, minutes without seconds are fine', async () => {
    ec2.on(DescribeSecurityGroupsCommand).resolves(group('2025-06-03T10:09:12Z'));
    cw.on(DescribeAlarmHistoryCommand).resolves({ AlarmHistoryItems: HISTORY.slice(1) });
    const rounded = SOLUTION_LOG.replace('2025-06-03T10:14:00Z', '2025-06-03T10:12Z').replace('2025-06-03T10:25:00Z', '2025-06-03 10:23 UTC');
    expect((await check.run(ctx(rounded))).status).toBe('pass');
  });

  test('no INCIDENT.md read with the lab is an error (the check cannot run); the blank template fails', async () => {
    ec2.on(DescribeSecurityGroupsCommand).resolves(group('2025-06-03T10:09:12Z'));
    cw.on(DescribeAlarmHistoryCommand).resolves({ AlarmHistoryItems: HISTORY.slice(1) });
    expect(await check.run(fakeContext({ drill, byConstruct, documents: {}, stackName: STACK }))).toMatchObject({ status: 'error', message: expect.stringContaining('no INCIDENT.md') });
    const blank = fs.readFileSync(path.join(drill.dir, 'INCIDENT.md'), 'utf8');
    expect((await check.run(ctx(blank))).message).toContain('fill in "Observe"');
  });

  test('fail: a resource the check needs is not deployed', async () => {
    const c = fakeContext({ drill, byConstruct: { HealthyHostsAlarm: byConstruct.HealthyHostsAlarm }, stackName: STACK });
    expect(await check.run(c)).toMatchObject({ status: 'fail', message: expect.stringContaining('WebSecurityGroup not in the deployed stack') });
  });

  test.each([
    ['throttling', awsError('Throttling', 'Rate exceeded')],
    ['access denied', awsError('AccessDenied', 'User is not authorized to perform: cloudwatch:DescribeAlarmHistory', 403)],
    ['alarm not found', awsError('ResourceNotFound', 'Alarm does not exist', 404)],
  ])('CloudWatch errors propagate unchanged: %s', async (_n, err) => {
    ec2.on(DescribeSecurityGroupsCommand).resolves(group('2025-06-03T10:09:12Z'));
    cw.on(DescribeAlarmHistoryCommand).rejects(err);
    await expect(check.run(ctx())).rejects.toBe(err);
  });

  test('EC2 errors propagate unchanged: the group was deleted by hand', async () => {
    const err = awsError('InvalidGroup.NotFound', `The security group '${WEB_SG}' does not exist`);
    ec2.on(DescribeSecurityGroupsCommand).rejects(err);
    await expect(check.run(ctx())).rejects.toBe(err);
  });

  test('declares the calls it makes', () => {
    expect(check.apiCalls).toEqual(['ec2:DescribeSecurityGroups', 'cloudwatch:DescribeAlarmHistory']);
    expect(REGION).toBe('eu-west-1');
  });
});
