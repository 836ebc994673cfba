import * as path from 'path';

// cdk-nag's rules each import the aws-cdk-lib service module of the resource they judge (about 50:
// aws-quicksight, aws-sagemaker, aws-eks, ...), mostly to ask `node instanceof CfnX`. Loading all of
// them costs a grade more CPU than judging its template (a one-drill grade: 1.37 s of CPU with
// them, 1.20 s without, measured). A template is read back by cloudformation-include, which loads the service module of
// every resource type it holds, and nothing can be an instance of a class that was never loaded:
// so, for cdk-nag's own requires only, a service module is a stand-in that loads the real one on
// first real use. Until then an `instanceof` against one of its classes is false, exactly as it
// would be; anything else (a property, a call, an enum, its keys) loads the real module and answers
// from it.

const MODULE = require('module') as {
  _load(request: string, parent: { filename?: string } | undefined, isMain: boolean): unknown;
  _cache: Record<string, unknown>;
  prototype: { load(this: unknown, filename: string): void };
};

// Once per process, not per module instance: a test runner that loads this file afresh for each test
// file (Jest) must not stack a hook on Node's loader each time.
const INSTALLED = Symbol.for('awswo.lazyNagServiceModules');
/** The folders of the aws-cdk-lib service modules any file of which this process has loaded. */
const loadedServices = new Set<string>();
const SERVICE_MODULE = /^aws-cdk-lib\/aws-[a-z0-9-]+$/;
const SERVICE_FOLDER = /^(.*[\\/]aws-cdk-lib[\\/]aws-[^\\/]+[\\/])/;
const note = (file: string) => {
  const m = SERVICE_FOLDER.exec(file);
  if (m) loadedServices.add(m[1]);
};

/** From now on, `require('aws-cdk-lib/aws-*')` from cdk-nag's files returns a stand-in (idempotent). */
export function lazyNagServiceModules(): void {
  const g = globalThis as { [INSTALLED]?: boolean };
  if (g[INSTALLED]) return;
  g[INSTALLED] = true;
  const nagRoot = path.dirname(require.resolve('cdk-nag/package.json')) + path.sep;
  const cdkRoot = path.dirname(require.resolve('aws-cdk-lib/package.json', { paths: [nagRoot] }));
  for (const file of Object.keys(MODULE._cache)) note(file);
  const loadFile = MODULE.prototype.load;
  MODULE.prototype.load = function noteService(filename) {
    note(filename);
    return loadFile.call(this, filename);
  };
  const load = MODULE._load;
  MODULE._load = function loadWithStandIns(request, parent, isMain) {
    // A service module itself (never a file inside one): its folder is what `loadedServices` holds.
    if (SERVICE_MODULE.test(request) && parent?.filename?.startsWith(nagRoot)) {
      const folder = path.join(cdkRoot, request.slice('aws-cdk-lib/'.length)) + path.sep;
      return standIn(request, folder, () => load.call(MODULE, request, parent, isMain));
    }
    return load.call(MODULE, request, parent, isMain);
  };
}

const standIns = new Map<string, object>();

/** One stand-in per service module. */
function standIn(request: string, folder: string, loadReal: () => unknown): object {
  const known = standIns.get(request);
  if (known) return known;
  let real: Record<string | symbol, unknown> | undefined;
  const realModule = () => (real ??= loadReal() as Record<string | symbol, unknown>);
  const isLoaded = () => loadedServices.has(folder);
  const classes = new Map<string, unknown>();
  const forward: ProxyHandler<object> = {
    get: (_, name) => {
      if (real || isLoaded()) return realModule()[name];
      if (typeof name !== 'string' || !name.startsWith('Cfn')) return realModule()[name];
      if (!classes.has(name)) classes.set(name, lazyClass(name, realModule, isLoaded));
      return classes.get(name);
    },
    has: (_, name) => name in realModule(),
    ownKeys: () => Reflect.ownKeys(realModule()),
    getOwnPropertyDescriptor: (_, name) => {
      const d = Reflect.getOwnPropertyDescriptor(realModule(), name);
      return d && { ...d, configurable: true };
    },
  };
  const proxy = new Proxy({}, forward);
  standIns.set(request, proxy);
  return proxy;
}

/**
 * A class of a service module not loaded yet: `instanceof` is false while no file of the module is
 * loaded (no instance can exist), the real class's answer once one is; any other use is the real class's.
 */
function lazyClass(name: string, realModule: () => Record<string | symbol, unknown>, isLoaded: () => boolean): unknown {
  const realClass = () => realModule()[name] as (new (...args: unknown[]) => unknown) & Record<string | symbol, unknown>;
  // eslint-disable-next-line @typescript-eslint/no-empty-function
  return new Proxy(function notLoaded() {}, {
    get: (_, prop) => {
      if (prop === Symbol.hasInstance) return (v: unknown) => isLoaded() && v instanceof realClass();
      return Reflect.get(realClass(), prop);
    },
    construct: (_, args, newTarget) => Reflect.construct(realClass(), args, newTarget),
    apply: (_, self, args) => Reflect.apply(realClass() as unknown as (...a: unknown[]) => unknown, self, args),
    has: (_, prop) => prop in realClass(),
  });
}

