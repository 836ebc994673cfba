import * as path from 'path';
import drill from '../../../../drills/02-iam/access-denied-parameter/drill';
import { proveDrill } from '../../drill-proof';
import { Edit, variant } from '../../variant';

const solution = path.join(drill.dir, 'solution.ts');
const THE_FIX = "    role.addToPolicy(new iam.PolicyStatement({ actions: ['ssm:GetParameter'], resources: [config.parameterArn] }));\n";
const IMPORTS = "import { Duration, RemovalPolicy } from 'aws-cdk-lib';";
const MORE = "import { Aws, CfnCondition, Duration, Fn, RemovalPolicy } from 'aws-cdk-lib';";
/** The solution with its one-line fix replaced by what the student wrote instead. */
const instead = (name: string, fix: string, imports = IMPORTS): string => {
  const edits: Edit[] = [[THE_FIX, fix]];
  if (imports !== IMPORTS) edits.push([IMPORTS, imports]);
  return variant(solution, name, edits);
};

proveDrill(
  drill,
  [
    {
      name: 'granted ssm:* on * and acknowledged the findings',
      labFile: instead(
        'ssm-star',
        "    role.addToPolicy(new iam.PolicyStatement({ actions: ['ssm:*'], resources: ['*'] }));\n    for (const id of ['AwsSolutions-IAM5[Action::ssm:*]', 'AwsSolutions-IAM5[Resource::*]', 'Awswo-IAMNoWildcardActions']) Validations.of(role).acknowledge({ id, reason: 'needs ssm' });\n",
        "import { Duration, RemovalPolicy, Validations } from 'aws-cdk-lib';",
      ),
      failing: ['parameter-readable'],
    },
    {
      name: 'granted ssm:GetParameter on every lab parameter',
      labFile: instead(
        'all-parameters',
        "    role.addToPolicy(new iam.PolicyStatement({ actions: ['ssm:GetParameter'], resources: [Stack.of(this).formatArn({ service: 'ssm', resource: 'parameter', resourceName: 'lab/*' })] }));\n",
        "import { Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';",
      ),
      failing: ['parameter-readable'],
    },
    {
      name: 'attached AmazonSSMReadOnlyAccess',
      labFile: instead('managed-read-only', "    role.addManagedPolicy(iam.ManagedPolicy.fromAwsManagedPolicyName('AmazonSSMReadOnlyAccess'));\n"),
      failing: ['parameter-readable'],
    },
    {
      name: 'granted the read, plus ssm:GetParameters on * in an AWS::IAM::RolePolicy',
      labFile: instead('role-policy', THE_FIX + "    new iam.CfnRolePolicy(this, 'More', { roleName: role.roleName, policyName: 'more', policyDocument: { Statement: [{ Effect: 'Allow', Action: 'ssm:GetParameters', Resource: '*' }] } });\n"),
      failing: ['parameter-readable'],
    },
    {
      // CloudFormation deploys the branch its condition picks: the narrow grant is only on paper, every deployment gets '*'.
      name: 'granted the read on the parameter inside an Fn::If that is never true, on every parameter otherwise',
      labFile: instead('fn-if', "    const never = new CfnCondition(this, 'Never', { expression: Fn.conditionEquals(Aws.REGION, 'xx-nowhere-1') });\n    role.addToPolicy(new iam.PolicyStatement({ actions: ['ssm:GetParameter'], resources: [Fn.conditionIf(never.logicalId, config.parameterArn, '*').toString()] }));\n", MORE),
      failing: ['parameter-readable'],
    },
    {
      name: 'attached AmazonSSMFullAccess by a Fn::Sub ARN through a property override',
      labFile: instead('ssm-full-override', THE_FIX + "    (role.node.defaultChild as iam.CfnRole).addPropertyOverride('ManagedPolicyArns', [{ 'Fn::Sub': 'arn:${AWS::Partition}:iam::aws:policy/AmazonSSMFullAccess' }]);\n"),
      failing: ['parameter-readable'],
    },
    {
      name: 'switched the function to a new role that reads every parameter',
      labFile: variant(solution, 'switched-role', [
        [THE_FIX, THE_FIX + "    const wide = new iam.Role(this, 'ConfigReader', { assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com') });\n    wide.addToPolicy(new iam.PolicyStatement({ actions: ['ssm:GetParameter', 'dynamodb:PutItem', 'logs:CreateLogStream', 'logs:PutLogEvents'], resources: ['*'] }));\n"],
        ['      role,\n', '      role: wide,\n'],
      ]),
      failing: ['parameter-readable'],
    },
    {
      name: 'kept the role clean but added a second function role with ssm:* on *',
      labFile: instead('second-role', THE_FIX + "    new iam.Role(this, 'Helper', { assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com') }).addToPolicy(new iam.PolicyStatement({ actions: ['ssm:*'], resources: ['*'] }));\n"),
      failing: ['parameter-readable'],
    },
    {
      name: 'moved the role to another construct id with ssm:* (same logical id) and gave a decoy the role\'s id',
      labFile: variant(solution, 'moved-logical-id', [
        ["    const role = new iam.Role(this, 'OrdersFunctionRole', {", "    const decoy = new iam.Role(this, 'OrdersFunctionRole', { assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com') });\n    (decoy.node.defaultChild as iam.CfnRole).overrideLogicalId('OrdersFunctionRoleClean');\n    decoy.addToPolicy(new iam.PolicyStatement({ actions: ['ssm:GetParameter'], resources: [config.parameterArn] }));\n    const role = new iam.Role(this, 'LegacyRole', {"],
        [THE_FIX, "    role.addToPolicy(new iam.PolicyStatement({ actions: ['ssm:*'], resources: ['*'] }));\n    (role.node.defaultChild as iam.CfnRole).overrideLogicalId('OrdersFunctionRoleEF21F35B');\n"],
      ]),
      failing: ['parameter-readable'],
    },
    {
      name: 'granted ssm:PutParameter along with the read',
      labFile: instead('extra-put', "    role.addToPolicy(new iam.PolicyStatement({ actions: ['ssm:GetParameter', 'ssm:PutParameter'], resources: [config.parameterArn] }));\n"),
      failing: ['parameter-readable'],
    },
  ],
  [
    { name: 'config.grantRead(role)', labFile: instead('grant-read', '    config.grantRead(role);\n') },
    {
      name: 'the ARN written by hand from the parameter name',
      labFile: instead('hand-written', "    role.addToPolicy(new iam.PolicyStatement({ actions: ['ssm:GetParameter'], resources: [`arn:${Aws.PARTITION}:ssm:${Aws.REGION}:${Aws.ACCOUNT_ID}:parameter${config.parameterName}`] }));\n", MORE),
    },
    {
      name: 'the read in a customer managed policy attached to the role',
      labFile: instead('customer-managed', "    new iam.ManagedPolicy(role, 'ReadConfig', { roles: [role], statements: [new iam.PolicyStatement({ actions: ['ssm:GetParameter'], resources: [config.parameterArn] })] });\n"),
    },
    {
      name: 'the ARN written with Stack.formatArn',
      labFile: instead(
        'format-arn',
        "    role.addToPolicy(new iam.PolicyStatement({ actions: ['ssm:GetParameter'], resources: [Stack.of(this).formatArn({ service: 'ssm', resource: 'parameter', resourceName: `lab/${this.lab.student}/access-denied-parameter/orders/config` })] }));\n",
        "import { Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';",
      ),
    },
  ],
);
