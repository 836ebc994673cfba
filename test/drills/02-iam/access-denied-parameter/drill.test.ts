import * as path from 'path';
import drill from '../../../../drills/02-iam/access-denied-parameter/drill';
import { proveDrill } from '../../drill-proof';
import { Edit, variant } from '../../variant';

const solution = path.join(drill.dir, 'solution.ts');
const THE_FIX = "    role.addToPolicy(new iam.PolicyStatement({ actions: ['ssm:GetParameter'], resources: [config.parameterArn] }));\n";
const IMPORTS = "import { Duration, RemovalPolicy } from 'aws-cdk-lib';";
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
      name: 'granted ssm:PutParameter along with the read',
      labFile: instead('extra-put', "    role.addToPolicy(new iam.PolicyStatement({ actions: ['ssm:GetParameter', 'ssm:PutParameter'], resources: [config.parameterArn] }));\n"),
      failing: ['parameter-readable'],
    },
  ],
  [
    { name: 'config.grantRead(role)', labFile: instead('grant-read', '    config.grantRead(role);\n') },
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
