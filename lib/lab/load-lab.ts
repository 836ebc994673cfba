import * as fs from 'fs';
import { LabStack, LabStackClass } from './lab-stack';

/**
 * Loads the LabStack subclass a lab.ts exports as default, for the CDK app (`cdk deploy` runs the
 * lab's code, as any CDK app does). The grader never does this: it synthesizes labs in a sandbox.
 */
export function loadLabClass(file: string, shownAs = file): LabStackClass {
  if (!fs.existsSync(file)) throw new Error(`lab file not found: ${shownAs}`);
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const LabClass = require(file)?.default;
  if (typeof LabClass !== 'function' || !(LabClass.prototype instanceof LabStack)) {
    throw new Error(`${shownAs} must export default a class that extends LabStack`);
  }
  return LabClass;
}
