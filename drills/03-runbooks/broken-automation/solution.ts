import { Aws, Validations } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as ssm from 'aws-cdk-lib/aws-ssm';
import { Construct } from 'constructs';
import { LabStack, LabStackProps } from '../../../lib/lab';

/** Instances join a restart group with this tag; its value names the group (e.g. `web`). */
const RESTART_TAG = 'awswo:restart-group';

/** Reference fix: the automation runs as a least-privilege role, reads its real inputs, and restarts what it stopped. */
export default class BrokenAutomationLab extends LabStack {
  constructor(scope: Construct, id: string, props: LabStackProps) {
    super(scope, id, props);

    const role = new iam.Role(this, 'AutomationRole', {
      assumedBy: new iam.ServicePrincipal('ssm.amazonaws.com', { conditions: { StringEquals: { 'aws:SourceAccount': Aws.ACCOUNT_ID } } }),
      description: 'Runs the restart-group automation',
    });
    // Describe* calls have no resource-level permissions: '*' is the only resource they take.
    role.addToPolicy(new iam.PolicyStatement({ actions: ['ec2:DescribeInstances', 'ec2:DescribeInstanceStatus'], resources: ['*'] }));
    // Stop and start only instances that belong to a restart group.
    const instances = this.formatArn({ service: 'ec2', resource: 'instance', resourceName: '*' });
    role.addToPolicy(new iam.PolicyStatement({
      actions: ['ec2:StopInstances', 'ec2:StartInstances'],
      resources: [instances],
      conditions: { StringLike: { [`aws:ResourceTag/${RESTART_TAG}`]: '?*' } },
    }));
    Validations.of(role).acknowledge({ id: 'AwsSolutions-IAM5[Resource::*]', reason: 'ec2:DescribeInstances and ec2:DescribeInstanceStatus support no resource-level permissions' });
    Validations.of(role).acknowledge({
      id: 'AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:ec2:<AWS::Region>:<AWS::AccountId>:instance/*]',
      reason: 'The instances are found by tag at run time; the aws:ResourceTag condition limits stop/start to restart-group members',
    });

    new ssm.CfnDocument(this, 'RestartDocument', {
      name: this.labName('restart-group'),
      documentType: 'Automation',
      // JSON is CloudFormation's default, written out: the content below is a JSON object, and
      // endpoints that do not apply the default (moto_server) refuse a document without it.
      documentFormat: 'JSON',
      updateMethod: 'NewVersion',
      content: {
        schemaVersion: '0.3',
        description: `Restarts (stop, then start) the running EC2 instances tagged ${RESTART_TAG}={{ RestartGroup }}.`,
        assumeRole: '{{ AutomationAssumeRole }}',
        parameters: {
          AutomationAssumeRole: { type: 'String', description: 'The role the automation runs as', default: role.roleArn },
          RestartGroup: { type: 'String', description: `The value of the ${RESTART_TAG} tag of the instances to restart`, allowedPattern: '^[a-z0-9-]{1,32}$' },
        },
        // Every step says what happens when it fails; a failed or timed-out stop still starts the group again.
        mainSteps: [
          {
            name: 'FindInstances',
            action: 'aws:executeAwsApi',
            onFailure: 'Abort',
            inputs: {
              Service: 'ec2',
              Api: 'DescribeInstances',
              Filters: [
                { Name: `tag:${RESTART_TAG}`, Values: ['{{ RestartGroup }}'] },
                { Name: 'instance-state-name', Values: ['running'] },
              ],
            },
            outputs: [{ Name: 'InstanceIds', Selector: '$.Reservations..Instances..InstanceId', Type: 'StringList' }],
          },
          {
            name: 'StopInstances',
            action: 'aws:changeInstanceState',
            timeoutSeconds: 600,
            onFailure: 'step:StartInstances',
            inputs: { InstanceIds: '{{ FindInstances.InstanceIds }}', DesiredState: 'stopped' },
          },
          {
            name: 'StartInstances',
            action: 'aws:changeInstanceState',
            timeoutSeconds: 900,
            onFailure: 'Abort',
            inputs: { InstanceIds: '{{ FindInstances.InstanceIds }}', DesiredState: 'running' },
            isEnd: true,
          },
        ],
      },
    });
  }
}
