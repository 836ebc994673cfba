import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as ssm from 'aws-cdk-lib/aws-ssm';
import { Construct } from 'constructs';
import { LabStack, LabStackProps } from '../../../lib/lab';

/**
 * An order intake function that fails on every invocation with AccessDenied: trace the denial and
 * grant exactly the permission it needs (see README.md).
 */
export default class AccessDeniedParameterLab extends LabStack {
  constructor(scope: Construct, id: string, props: LabStackProps) {
    super(scope, id, props);

    const table = new dynamodb.TableV2(this, 'OrdersTable', {
      partitionKey: { name: 'orderId', type: dynamodb.AttributeType.STRING },
      billing: dynamodb.Billing.onDemand(),
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      removalPolicy: RemovalPolicy.DESTROY,
    });
    const config = new ssm.StringParameter(this, 'ConfigParameter', {
      parameterName: this.labParameterName('orders/config'),
      stringValue: JSON.stringify({ maxItems: 20, currency: 'EUR' }),
      description: 'Order intake settings read by OrdersFunction at start-up',
    });
    const logGroup = new logs.LogGroup(this, 'OrdersLogs', {
      retention: logs.RetentionDays.ONE_WEEK,
      removalPolicy: RemovalPolicy.DESTROY,
    });

    const role = new iam.Role(this, 'OrdersFunctionRole', {
      assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
      description: 'Runs the order intake function',
    });
    role.addToPolicy(new iam.PolicyStatement({ actions: ['dynamodb:PutItem'], resources: [table.tableArn] }));
    role.addToPolicy(new iam.PolicyStatement({ actions: ['logs:CreateLogStream', 'logs:PutLogEvents'], resources: [logGroup.logGroupArn] }));
    // TRAP missing-parameter-read: nothing grants ssm:GetParameter on ConfigParameter, so every call fails.

    new lambda.Function(this, 'OrdersFunction', {
      runtime: lambda.Runtime.NODEJS_24_X,
      handler: 'index.handler',
      code: lambda.Code.fromInline(ORDERS_HANDLER),
      role,
      logGroup,
      timeout: Duration.seconds(10),
      environment: { TABLE: table.tableName, CONFIG_PARAMETER: config.parameterName },
    });
  }
}

const ORDERS_HANDLER = `
const { SSMClient, GetParameterCommand } = require('@aws-sdk/client-ssm');
const { DynamoDBClient, PutItemCommand } = require('@aws-sdk/client-dynamodb');
const ssm = new SSMClient({});
const ddb = new DynamoDBClient({});
exports.handler = async (event) => {
  const { Parameter } = await ssm.send(new GetParameterCommand({ Name: process.env.CONFIG_PARAMETER }));
  const config = JSON.parse(Parameter.Value);
  const items = (event.items || []).slice(0, config.maxItems);
  const orderId = event.orderId || String(Date.now());
  await ddb.send(new PutItemCommand({ TableName: process.env.TABLE, Item: { orderId: { S: orderId }, items: { N: String(items.length) }, currency: { S: config.currency } } }));
  return { orderId };
};
`;
