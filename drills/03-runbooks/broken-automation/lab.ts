import { Aws, Validations } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as ssm from 'aws-cdk-lib/aws-ssm';
import { Construct } from 'constructs';
import { LabStack, LabStackProps } from '../../../lib/lab';

/** Instances join a restart group with this tag; its value names the group (e.g. `web`). */
const RESTART_TAG = 'awswo:restart-group';

/**
 * The automation operators run to restart one group of EC2 instances: find the running instances
 * tagged with the group, stop them, start them again. Every run so far has failed (see README.md).
 */
export default class BrokenAutomationLab extends LabStack {
  constructor(scope: Construct, id: string, props: LabStackProps) {
    super(scope, id, props);

    // TRAP role-wildcard: the automation's role may do anything to EC2 and Systems Manager, everywhere.
    const role = new iam.Role(this, 'AutomationRole', {
      assumedBy: new iam.ServicePrincipal('ssm.amazonaws.com', { conditions: { StringEquals: { 'aws:SourceAccount': Aws.ACCOUNT_ID } } }),
      description: 'Runs the restart-group automation',
    });
    role.addToPolicy(new iam.PolicyStatement({ actions: ['ec2:*', 'ssm:*'], resources: ['*'] }));
    Validations.of(role).acknowledge({ id: 'AwsSolutions-IAM5[Action::ec2:*]', reason: 'DRILL: trap role-wildcard' });
    Validations.of(role).acknowledge({ id: 'AwsSolutions-IAM5[Action::ssm:*]', reason: 'DRILL: trap role-wildcard' });
    Validations.of(role).acknowledge({ id: 'AwsSolutions-IAM5[Resource::*]', reason: 'DRILL: trap role-wildcard' });
    Validations.of(role).acknowledge({ id: 'Awswo-IAMNoWildcardActions', reason: 'DRILL: trap role-wildcard' });

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
        // TRAP no-assume-role: no assumeRole, so the automation runs with whatever the caller may do,
        // and AutomationRole is never used.
        parameters: {
          RestartGroup: { type: 'String', description: `The value of the ${RESTART_TAG} tag of the instances to restart`, allowedPattern: '^[a-z0-9-]{1,32}$' },
        },
        // TRAP no-failure-handling: no step says what happens when it fails; a stop that fails or
        // times out aborts the run and leaves the group stopped.
        // TRAP wrong-input: FindInstances selects $.Instances..InstanceId, but DescribeInstances returns
        // its instances under Reservations: the output is always empty, so the stop step gets no ids.
        mainSteps: [
          {
            name: 'FindInstances',
            action: 'aws:executeAwsApi',
            inputs: {
              Service: 'ec2',
              Api: 'DescribeInstances',
              Filters: [
                { Name: `tag:${RESTART_TAG}`, Values: ['{{ RestartGroup }}'] },
                { Name: 'instance-state-name', Values: ['running'] },
              ],
            },
            outputs: [{ Name: 'InstanceIds', Selector: '$.Instances..InstanceId', Type: 'StringList' }],
          },
          {
            name: 'StopInstances',
            action: 'aws:changeInstanceState',
            timeoutSeconds: 600,
            inputs: { InstanceIds: '{{ FindInstances.InstanceIds }}', DesiredState: 'stopped' },
          },
          {
            name: 'StartInstances',
            action: 'aws:changeInstanceState',
            timeoutSeconds: 900,
            inputs: { InstanceIds: '{{ FindInstances.InstanceIds }}', DesiredState: 'running' },
            isEnd: true,
          },
        ],
      },
    });
  }
}
