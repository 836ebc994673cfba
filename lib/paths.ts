import * as fs from 'fs';
import * as path from 'path';

/** The root of this awswo checkout: the grader's own copy of checks, baselines and pristine labs. */
export const LIBRARY_ROOT = path.resolve(__dirname, '..');

/** What a lab bundle names its files relative to (lib/sandbox/bundle.ts): the file system's root. */
export const BUNDLE_ROOT = path.parse(LIBRARY_ROOT).root;

/**
 * The folder of a package the library depends on, resolved the way the library's code resolves it:
 * its own node_modules in a checkout, the project's node_modules when installed as a package.
 */
export function packageDir(name: string): string {
  return path.dirname(fs.realpathSync(require.resolve(`${name}/package.json`, { paths: [LIBRARY_ROOT] })));
}

/**
 * The folders of the packages a lab's synthesis loads: aws-cdk-lib, constructs, and the packages
 * they depend on at run time (recursively), each resolved from the package that needs it. Only
 * these, never the whole node_modules: it also holds the grader's caches and every other package.
 */
let labPackages: string[] | undefined;

export function labPackageFolders(): string[] {
  if (labPackages) return labPackages;
  const folders = new Set<string>();
  const visit = (name: string, from: string) => {
    let dir: string;
    try {
      dir = path.dirname(fs.realpathSync(require.resolve(`${name}/package.json`, { paths: [from] })));
    } catch {
      return; // An optional dependency that is not installed: the synthesis does without it.
    }
    if (folders.has(dir)) return;
    folders.add(dir);
    const pkg = JSON.parse(fs.readFileSync(path.join(dir, 'package.json'), 'utf8')) as { dependencies?: Record<string, string>; peerDependencies?: Record<string, string> };
    for (const dep of Object.keys({ ...pkg.dependencies, ...pkg.peerDependencies })) visit(dep, dir);
  };
  for (const name of ['aws-cdk-lib', 'constructs']) visit(name, LIBRARY_ROOT);
  // A folder inside another (aws-cdk-lib's bundled dependencies) is already readable.
  const all = [...folders].sort();
  labPackages = all.filter((f) => !all.some((g) => f.startsWith(g + path.sep)));
  return labPackages;
}

let packageVersions: string[] | undefined;

/** Each package a synthesis loads, as `folder@version`: what a cache of synthesis work depends on. */
export function labPackageVersions(): string[] {
  packageVersions ??= labPackageFolders().map((dir) => {
    try {
      return `${dir}@${JSON.parse(fs.readFileSync(path.join(dir, 'package.json'), 'utf8')).version}`;
    } catch {
      return dir;
    }
  });
  return packageVersions;
}
