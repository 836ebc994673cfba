import * as fs from 'fs';
import * as path from 'path';
import type { Message, Plugin } from 'esbuild';
import type { ModuleId } from '../course';
import { BUNDLE_ROOT, LIBRARY_ROOT } from '../paths';
import { BuildRecord, bundleKey, keepBundle, recallBundle } from './bundle-cache';

/** Library folders a lab may import (the lab building blocks and the course data they name). */
const LAB_API = ['lib/lab', 'lib/course', 'lib/model/text.ts', 'lib/sandbox/harness.ts', 'lib/sandbox/identity.ts'];

/** Files of a workspace a lab must never pull in: the answers, the tests, the grader's baselines. */
const FORBIDDEN = [/(^|\/)solution\.tsx?$/, /\.solution\.[a-z]+$/i, /(^|\/)test\//, /(^|\/)baseline\.template\.json$/, /(^|\/)node_modules\//];

const ENTRY_NAME = 'awswo-sandbox-entry.ts';

export interface LabBundle {
  /** The bundled JavaScript: the harness and the lab, with packages left to the library's node_modules. */
  readonly code: string;
  /** Every source file that went into the bundle (absolute paths). */
  readonly inputs: readonly string[];
}

/** The lab's code cannot be bundled: a syntax error, an import it may not make, a missing file. */
export class LabBuildError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'LabBuildError';
  }
}

export interface BundleOptions {
  /** The student's workspace: relative imports of lib/ from inside it get the library's own copy. */
  readonly workspace: string;
  /** How messages name a file (relative to the workspace). */
  readonly shownAs: (file: string) => string;
}

const inside = (dir: string, file: string) => file === dir || file.startsWith(dir + path.sep);

/**
 * Bundles a lab (and the workspace files it imports) with the sandbox harness, in the grader's
 * process: the child that runs the bundle then needs to read nothing of the workspace. Imports of
 * the library (`../../../lib/lab`, `awswo/lib/lab`) resolve to the grader's copy of lib/lab;
 * packages resolve to the library's node_modules (absolute paths, so nothing planted near the
 * bundle can stand in for them); solutions, tests and baselines cannot be imported.
 */
export async function bundleLab(labFile: string, opts: BundleOptions): Promise<LabBundle> {
  const harness = path.join(LIBRARY_ROOT, 'lib/sandbox/harness.ts');
  const entry = [
    `import LabClass from ${JSON.stringify(labFile)};`,
    `import { runSynthesis } from ${JSON.stringify(harness)};`,
    'module.exports = (job: any) => runSynthesis(LabClass, job);',
  ].join('\n');
  return bundleEntry(entry, labFile, opts);
}

/** A lab the library ships (a pristine lab), with what it is synthesized as. */
export interface TrustedLab {
  readonly labFile: string;
  readonly drillId: string;
  readonly module: ModuleId;
}

/**
 * One bundle of several of the library's own labs, which synthesizes each in turn (for the job's
 * identities): what a code cache is made from (code-cache.ts). Never a student's lab.
 */
export async function bundleTrustedLabs(labs: readonly TrustedLab[]): Promise<LabBundle> {
  const harness = path.join(LIBRARY_ROOT, 'lib/sandbox/harness.ts');
  const entry = [
    ...labs.map((l, i) => `import Lab${i} from ${JSON.stringify(l.labFile)};`),
    `import { runSynthesis } from ${JSON.stringify(harness)};`,
    `module.exports = (job: any) => [${labs.map((l, i) => `...runSynthesis(Lab${i}, { ...job, drillId: ${JSON.stringify(l.drillId)}, module: ${JSON.stringify(l.module)} })`).join(', ')}];`,
  ].join('\n');
  return bundleEntry(entry, labs[0].labFile, { workspace: LIBRARY_ROOT, shownAs: (f) => path.relative(LIBRARY_ROOT, f) });
}

async function bundleEntry(entry: string, labFile: string, opts: BundleOptions): Promise<LabBundle> {
  const workspace = fs.realpathSync(opts.workspace);
  // The lab itself may sit anywhere in the workspace, but a lab.ts that is a link to an answer is not a lab.
  const realLab = fs.realpathSync(labFile);
  if (realLab !== path.resolve(labFile)) {
    const rel = path.relative(workspace, realLab).split(path.sep).join('/');
    if (!inside(workspace, realLab) || FORBIDDEN.some((f) => f.test(rel))) throw new LabBuildError(`${opts.shownAs(labFile)} is a link to ${rel}, which a lab may not be`);
  }
  // A lab unchanged since it was last bundled (every input, every folder it resolved in): that bundle.
  const cached = process.env.AWSWO_BUNDLE_CACHE === 'off' ? undefined : { key: bundleKey(entry, workspace), record: new BuildRecord(workspace) };
  const kept = cached && recallBundle(cached.key);
  if (kept) return kept;
  // esbuild loads (and starts its service) only when something is bundled.
  const { build } = require('esbuild') as typeof import('esbuild');
  let result;
  try {
    result = await build({
      stdin: { contents: entry, resolveDir: path.dirname(labFile), sourcefile: ENTRY_NAME, loader: 'ts' },
      bundle: true,
      write: false,
      metafile: true,
      platform: 'node',
      format: 'cjs',
      target: 'node20',
      // File names in the bundle (its comments and source map) are relative to the file system's
      // root: one lab in two workspaces differs only in its workspace's path (synth-memo.ts).
      absWorkingDir: BUNDLE_ROOT,
      sourcemap: 'inline',
      sourcesContent: false,
      logLevel: 'silent',
      // The library's compiler settings, never a tsconfig.json the workspace brings.
      tsconfigRaw: { compilerOptions: { useDefineForClassFields: true, experimentalDecorators: false } },
      plugins: [labImports(workspace, realLab, cached?.record)],
    });
  } catch (err) {
    const errors: Message[] = (err as { errors?: Message[] }).errors ?? [];
    throw new LabBuildError(errors.length ? errors.slice(0, 3).map((m) => describe(m, opts.shownAs)).join('; ') : String(err));
  }
  const inputs = Object.keys(result.metafile!.inputs)
    .filter((i) => !i.startsWith('<stdin>') && path.basename(i) !== ENTRY_NAME)
    .map((i) => path.resolve(BUNDLE_ROOT, i));
  const bundle = { code: result.outputFiles![0].text, inputs };
  if (cached) keepBundle(cached.key, bundle, cached.record);
  return bundle;
}

function describe(m: Message, shownAs: (file: string) => string): string {
  const where = m.location ? `${shownAs(path.resolve(BUNDLE_ROOT, m.location.file))}:${m.location.line}:${m.location.column + 1}: ` : '';
  return `${where}${m.text}`;
}

/** esbuild's loaders for what a lab may import, by extension (files handed to it by the plugin). */
const LOADERS: Record<string, 'ts' | 'tsx' | 'js' | 'jsx' | 'json'> = { '.ts': 'ts', '.mts': 'ts', '.cts': 'ts', '.tsx': 'tsx', '.js': 'js', '.mjs': 'js', '.cjs': 'js', '.jsx': 'jsx', '.json': 'json' };

/** `record`: what the build met, for the bundle cache (bundle-cache.ts). */
function labImports(workspace: string, realLab: string, record?: BuildRecord): Plugin {
  const libraryLib = path.join(LIBRARY_ROOT, 'lib');
  const allowedLibrary = (file: string) => LAB_API.some((p) => inside(path.join(LIBRARY_ROOT, p), file));
  return {
    name: 'awswo-lab-imports',
    setup(b) {
      b.onResolve({ filter: /.*/ }, async (args) => {
        if (args.pluginData === 'resolving') return undefined;
        // Node built-ins stay as they are; the permission model decides what they may touch.
        if (/^node:/.test(args.path) || isBuiltin(args.path)) return { path: args.path, external: true };
        if (!args.path.startsWith('.') && !path.isAbsolute(args.path)) {
          // The library as a package (a student handout): awswo/lib/lab → the grader's lib/lab.
          const pkg = /^awswo(\/.*)?$/.exec(args.path);
          if (pkg) return checked(path.join(LIBRARY_ROOT, pkg[1] ?? ''), args.path);
          try {
            return { path: require.resolve(args.path, { paths: [LIBRARY_ROOT] }), external: true };
          } catch {
            return { errors: [{ text: `"${args.path}" is not a package the library provides` }] };
          }
        }
        let target = path.resolve(args.resolveDir, args.path);
        if (inside(workspace, target) && workspace !== LIBRARY_ROOT) {
          const top = path.relative(workspace, target).split(path.sep)[0];
          if (top === 'lib' || top === 'bin') target = path.join(LIBRARY_ROOT, path.relative(workspace, target));
        }
        return checked(target, args.path);
      });

      // With the cache: each file's content as esbuild gets it (an unknown kind esbuild loads itself,
      // and the bundle is not kept).
      b.onLoad({ filter: /.*/, namespace: 'file' }, (args) => {
        const loader = record && LOADERS[path.extname(args.path)];
        return loader ? { contents: record.load(args.path), loader } : undefined;
      });

      async function checked(target: string, spec: string) {
        // With the cache: the folders this resolution looks in, listed before it looks.
        if (record) record.listUp(isFolder(target) ? target : path.dirname(target));
        const resolved = await b.resolve(target, { kind: 'import-statement', resolveDir: path.dirname(target), pluginData: 'resolving' });
        if (resolved.errors.length) return { errors: resolved.errors };
        const file = resolved.path;
        if (file === realLab) return { path: file };
        if (inside(libraryLib, file) || inside(LIBRARY_ROOT, file) && !inside(workspace, file)) {
          if (!allowedLibrary(file)) return { errors: [{ text: `cannot import "${spec}": a lab may import only the lab building blocks (lib/lab)` }] };
          return { path: file };
        }
        if (!inside(workspace, file)) return { errors: [{ text: `cannot import "${spec}": it is outside the workspace` }] };
        const rel = path.relative(workspace, file).split(path.sep).join('/');
        if (FORBIDDEN.some((f) => f.test(rel))) return { errors: [{ text: `cannot import "${spec}" (${rel}): a lab may not import solutions, tests or baselines` }] };
        return { path: file };
      }
    },
  };
}

function isFolder(p: string): boolean {
  try {
    return fs.statSync(p).isDirectory();
  } catch {
    return false;
  }
}

const BUILTINS = new Set(require('module').builtinModules as string[]);
function isBuiltin(spec: string): boolean {
  return BUILTINS.has(spec) || BUILTINS.has(spec.split('/')[0]);
}
