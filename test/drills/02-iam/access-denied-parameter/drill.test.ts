import * as path from 'path';
import drill from '../../../../drills/02-iam/access-denied-parameter/drill';
import { proveDrill } from '../../drill-proof';

const wrong = (f: string) => path.join(__dirname, 'wrong-fixes', f);
const other = (f: string) => path.join(__dirname, 'other-fixes', f);

proveDrill(
  drill,
  [
    { name: 'granted ssm:* on * and acknowledged the findings', labFile: wrong('ssm-star.ts'), failing: ['parameter-readable'] },
    { name: 'granted ssm:GetParameter on every awswo parameter', labFile: wrong('all-parameters.ts'), failing: ['parameter-readable'] },
    { name: 'attached AmazonSSMReadOnlyAccess', labFile: wrong('managed-read-only.ts'), failing: ['parameter-readable'] },
    { name: 'granted ssm:PutParameter along with the read', labFile: wrong('extra-put.ts'), failing: ['parameter-readable'] },
  ],
  [
    { name: 'config.grantRead(role)', labFile: other('grant-read.ts') },
    { name: 'the ARN written with Stack.formatArn', labFile: other('format-arn.ts') },
  ],
);
