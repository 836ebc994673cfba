'use strict';
// Type-checks student labs against the library's types, in a worker thread of the grader: the
// TypeScript compiler only reads the files, it never runs them. Imports resolve the way the
// sandbox bundler resolves them (a workspace's lib/ and `awswo/...` are the library's own copy).
const fs = require('fs');
const path = require('path');
const { parentPort, workerData } = require('worker_threads');
const ts = require('typescript');

// cdkRoot and typeRoots: the library's node_modules in a checkout, the project's when installed as a package.
const { libraryRoot, cdkRoot, typeRoots } = workerData;
const cdkIndex = path.join(cdkRoot, 'index.d.ts');
const OPTIONS = {
  strict: true,
  noEmit: true,
  skipLibCheck: true,
  target: ts.ScriptTarget.ES2022,
  module: ts.ModuleKind.CommonJS,
  moduleResolution: ts.ModuleResolutionKind.Node10,
  esModuleInterop: true,
  resolveJsonModule: true,
  types: ['node'],
  typeRoots: [typeRoots],
  lib: ['lib.es2022.d.ts'],
};

// aws-cdk-lib's index re-exports its ~350 modules: a program that imports it parses ~2700 files.
// Serve an index with core and only the namespaces the program's files name, which types every
// lab the same way in a fraction of the time; a namespace or default import gets the real index.
const NAMESPACES = new Map();
for (const m of fs.readFileSync(cdkIndex, 'utf8').matchAll(/export \* as (\w+) from '(\.\/[^']+)';/g)) NAMESPACES.set(m[1], m[2]);

function rootImports(text) {
  const names = new Set();
  let whole = false;
  const sf = ts.createSourceFile('x.ts', text, ts.ScriptTarget.ES2022, false);
  for (const st of sf.statements) {
    const spec = (ts.isImportDeclaration(st) || ts.isExportDeclaration(st)) && st.moduleSpecifier && ts.isStringLiteral(st.moduleSpecifier) ? st.moduleSpecifier.text : undefined;
    if (spec !== 'aws-cdk-lib') continue;
    if (ts.isExportDeclaration(st)) {
      if (!st.exportClause || !ts.isNamedExports(st.exportClause)) whole = true;
      else for (const e of st.exportClause.elements) names.add((e.propertyName ?? e.name).text);
      continue;
    }
    const clause = st.importClause;
    if (!clause) continue;
    if (clause.name) whole = true;
    if (clause.namedBindings && ts.isNamespaceImport(clause.namedBindings)) whole = true;
    if (clause.namedBindings && ts.isNamedImports(clause.namedBindings)) for (const e of clause.namedBindings.elements) names.add((e.propertyName ?? e.name).text);
  }
  // `import('aws-cdk-lib')` types and require() calls: take the real index.
  if (/import\(\s*['"]aws-cdk-lib['"]\s*\)|require\(\s*['"]aws-cdk-lib['"]\s*\)/.test(text)) whole = true;
  return { names, whole };
}

const sourceCache = new Map();

function check(job) {
  const { labs, workspace } = job;
  const ws = fs.realpathSync(workspace);
  const inside = (dir, f) => f === dir || f.startsWith(dir + path.sep);
  const texts = new Map();
  const read = (f) => {
    if (!texts.has(f)) {
      let text;
      try {
        if (fs.statSync(f).isFile()) text = fs.readFileSync(f, 'utf8');
      } catch {
        text = undefined;
      }
      texts.set(f, text);
    }
    return texts.get(f);
  };
  const host = ts.createCompilerHost(OPTIONS, true);
  let namespaces = new Set();
  let wholeIndex = false;
  const slimIndex = () => ['export * from \'./core\';', ...[...namespaces].filter((n) => NAMESPACES.has(n)).map((n) => `export * as ${n} from '${NAMESPACES.get(n)}';`)].join('\n');
  host.getSourceFile = (fileName, languageVersion) => {
    const f = path.resolve(fileName);
    if (f === cdkIndex && !wholeIndex) return ts.createSourceFile(f, slimIndex(), languageVersion, true);
    const inNodeModules = f.includes(`${path.sep}node_modules${path.sep}`) || f.includes(`${path.sep}typescript${path.sep}lib${path.sep}`);
    if (inNodeModules && sourceCache.has(f)) return sourceCache.get(f);
    const text = read(f);
    if (text === undefined) return undefined;
    const sf = ts.createSourceFile(f, text, languageVersion, true);
    if (inNodeModules) sourceCache.set(f, sf);
    return sf;
  };
  host.readFile = (f) => read(path.resolve(f));
  host.fileExists = (f) => read(path.resolve(f)) !== undefined;
  const redirect = (name, containingFile) => {
    const from = path.resolve(containingFile);
    if (name === 'awswo' || name.startsWith('awswo/')) return path.join(libraryRoot, name.slice('awswo'.length));
    if (name.startsWith('.') && inside(ws, from) && ws !== libraryRoot) {
      const target = path.resolve(path.dirname(from), name);
      const top = path.relative(ws, target).split(path.sep)[0];
      if (top === 'lib' || top === 'bin') return path.join(libraryRoot, path.relative(ws, target));
    }
    return name;
  };
  host.resolveModuleNames = (names, containingFile) => names.map((name) => {
    const target = redirect(name, containingFile);
    // Packages resolve from the library, as the bundler resolves them.
    const from = target.startsWith('.') || path.isAbsolute(target) ? containingFile : path.join(libraryRoot, 'index.ts');
    return ts.resolveModuleName(target, from, OPTIONS, host).resolvedModule;
  });

  // Which namespaces of aws-cdk-lib the program names: scan the workspace files and lib/lab.
  const scan = (f, seen) => {
    if (seen.has(f)) return;
    seen.add(f);
    const text = read(f);
    if (text === undefined) return;
    const r = rootImports(text);
    r.names.forEach((n) => namespaces.add(n));
    if (r.whole) wholeIndex = true;
    const info = ts.preProcessFile(text, true, true);
    for (const imp of info.importedFiles) {
      const target = redirect(imp.fileName, f);
      if (!target.startsWith('.') && !path.isAbsolute(target)) continue;
      const resolved = ts.resolveModuleName(target, f, OPTIONS, host).resolvedModule;
      if (resolved && !resolved.isExternalLibraryImport) scan(path.resolve(resolved.resolvedFileName), seen);
    }
  };
  const seen = new Set();
  for (const lab of labs) scan(path.resolve(lab), seen);

  const program = ts.createProgram({ rootNames: labs, options: OPTIONS, host });
  if (process.env.AWSWO_DEBUG_TYPECHECK) console.error('typecheck', program.getSourceFiles().length, 'files', wholeIndex ? 'whole index' : [...namespaces].join(','));
  const result = {};
  for (const lab of labs) result[path.resolve(lab)] = [];
  const all = [...program.getSyntacticDiagnostics(), ...program.getSemanticDiagnostics(), ...program.getGlobalDiagnostics()];
  for (const d of all) {
    const file = d.file ? path.resolve(d.file.fileName) : undefined;
    // Only what the student wrote: a workspace file (the library's own files are checked by npm test).
    if (file && (!inside(ws, file) || file.includes(`${path.sep}node_modules${path.sep}`))) continue;
    if (file && ws === libraryRoot && inside(path.join(libraryRoot, 'lib'), file)) continue;
    const message = ts.flattenDiagnosticMessageText(d.messageText, ' ');
    const where = d.file && d.start !== undefined ? d.file.getLineAndCharacterOfPosition(d.start) : undefined;
    const entry = { file: file ?? '', line: where ? where.line + 1 : 0, column: where ? where.character + 1 : 0, code: d.code, message };
    // Attribute a diagnostic to every lab that (transitively) imports its file.
    for (const lab of labs) {
      const key = path.resolve(lab);
      if (!file || file === key || job.inputs?.[key]?.includes(file)) result[key].push(entry);
    }
  }
  return result;
}

parentPort.on('message', (job) => {
  try {
    parentPort.postMessage({ id: job.id, ok: true, diagnostics: check(job) });
  } catch (err) {
    parentPort.postMessage({ id: job.id, ok: false, message: err && err.message ? err.message : String(err) });
  }
});
