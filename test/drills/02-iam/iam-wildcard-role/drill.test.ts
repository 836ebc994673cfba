import * as path from 'path';
import drill from '../../../../drills/02-iam/iam-wildcard-role/drill';
import { proveDrill } from '../../drill-proof';

const wrong = (f: string) => path.join(__dirname, 'wrong-fixes', f);

proveDrill(drill, [
  { name: 'deleted the operator role and the auditor instead of fixing them', labFile: wrong('deleted-roles.ts'), failing: ['ops-least-privilege', 'auditor-through-group'] },
  { name: 'acknowledged every cdk-nag finding for the whole stack', labFile: wrong('silenced-nag.ts'), failing: ['function-least-privilege', 'ops-least-privilege', 'auditor-through-group'] },
  { name: 'swapped * for a long list of unrelated actions', labFile: wrong('long-action-list.ts'), failing: ['function-least-privilege', 'ops-least-privilege'] },
  { name: 'used bucket.grantReadWrite instead of the exact needs', labFile: wrong('convenience-grants.ts'), failing: ['function-least-privilege'] },
]);
