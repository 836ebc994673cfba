import * as fs from 'fs';
import * as path from 'path';

/** The root of this awswo checkout: the grader's own copy of checks, baselines and pristine labs. */
export const LIBRARY_ROOT = path.resolve(__dirname, '..');

/**
 * The folder of a package the library depends on, resolved the way the library's code resolves it:
 * its own node_modules in a checkout, the project's node_modules when installed as a package.
 */
export function packageDir(name: string): string {
  return path.dirname(fs.realpathSync(require.resolve(`${name}/package.json`, { paths: [LIBRARY_ROOT] })));
}

/** The node_modules folders the packages a lab may use (aws-cdk-lib, constructs) live in. */
export function labPackageFolders(): string[] {
  const folders = new Set<string>();
  for (const name of ['aws-cdk-lib', 'constructs']) folders.add(path.dirname(packageDir(name)));
  return [...folders];
}
