import { App, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as logs from 'aws-cdk-lib/aws-logs';
import { LabLogGroup } from '../../../lib/lab';

describe('LabLogGroup', () => {
  test('keeps a week of logs and goes with cdk destroy', () => {
    const stack = new Stack(new App(), 'S');
    new LabLogGroup(stack, 'Logs');
    const t = Template.fromStack(stack);
    t.hasResource('AWS::Logs::LogGroup', { Properties: { RetentionInDays: 7 }, DeletionPolicy: 'Delete', UpdateReplacePolicy: 'Delete' });
  });

  test('a retention written in lab.ts wins, INFINITE included (a trap), and the group still goes with destroy', () => {
    const stack = new Stack(new App(), 'S');
    new LabLogGroup(stack, 'Forever', { retention: logs.RetentionDays.INFINITE });
    new LabLogGroup(stack, 'Month', { retention: logs.RetentionDays.ONE_MONTH });
    const groups = Template.fromStack(stack).findResources('AWS::Logs::LogGroup');
    const byId = (prefix: string) => Object.entries(groups).find(([id]) => id.startsWith(prefix))![1];
    expect(byId('Forever').Properties?.RetentionInDays).toBeUndefined();
    expect(byId('Forever').DeletionPolicy).toBe('Delete');
    expect(byId('Month').Properties.RetentionInDays).toBe(30);
  });
});
