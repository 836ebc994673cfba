import { createHash } from 'crypto';
import * as fs from 'fs';
import * as path from 'path';
import { Worker } from 'worker_threads';
import { cacheDir } from '../cache';
import { LIBRARY_ROOT, packageDir } from '../paths';

/** One TypeScript error in the student's code. */
export interface TypeDiagnostic {
  /** Relative to the workspace. */
  readonly file: string;
  readonly line: number;
  readonly column: number;
  readonly code: number;
  readonly message: string;
}

export interface LabToCheck {
  readonly labFile: string;
  /** Every source file the lab pulls in (the bundler's inputs): the cache key covers them all. */
  readonly inputs: readonly string[];
}

/** Bump when the worker's compiler options or resolution change: old cache entries no longer apply. */
const CHECKER_VERSION = '1';

const versionOf = (pkg: string): string => {
  try {
    return JSON.parse(fs.readFileSync(require.resolve(`${pkg}/package.json`, { paths: [LIBRARY_ROOT] }), 'utf8')).version;
  } catch {
    return 'unknown';
  }
};

/**
 * Type-checks labs against the library's types in a worker thread (the compiler reads the code,
 * never runs it), in parallel with their synthesis. Results are cached by content: a lab whose
 * files have not changed is not checked again.
 */
export class TypeChecker {
  private worker?: Worker;
  private nextId = 0;
  private readonly pending = new Map<number, { resolve: (v: Record<string, TypeDiagnostic[]>) => void; reject: (e: Error) => void }>();
  private readonly dir = path.join(cacheDir(), 'typecheck');
  private readonly salt = [CHECKER_VERSION, versionOf('typescript'), versionOf('aws-cdk-lib'), versionOf('constructs'), versionOf('@types/node')].join('/');

  /** Diagnostics per lab file (absolute path), only those in the student's files. */
  async check(workspace: string, labs: readonly LabToCheck[]): Promise<Map<string, TypeDiagnostic[]>> {
    const out = new Map<string, TypeDiagnostic[]>();
    const todo: Array<LabToCheck & { key: string }> = [];
    for (const lab of labs) {
      const key = this.key(workspace, lab);
      const cached = this.read(key);
      if (cached) out.set(lab.labFile, cached);
      else todo.push({ ...lab, key });
    }
    if (todo.length === 0) return out;
    const inputs = Object.fromEntries(todo.map((l) => [path.resolve(l.labFile), l.inputs.map((i) => path.resolve(i))]));
    const result = await this.ask({ workspace, labs: todo.map((l) => l.labFile), inputs });
    for (const lab of todo) {
      const diagnostics = (result[path.resolve(lab.labFile)] ?? []).map((d) => ({ ...d, file: path.relative(workspace, d.file) || d.file }));
      this.write(lab.key, diagnostics);
      out.set(lab.labFile, diagnostics);
    }
    return out;
  }

  close(): void {
    void this.worker?.terminate();
    this.worker = undefined;
  }

  private key(workspace: string, lab: LabToCheck): string {
    const h = createHash('sha256').update(this.salt);
    const rel = (f: string) => (f.startsWith(LIBRARY_ROOT + path.sep) && !f.startsWith(workspace + path.sep) ? `lib:${path.relative(LIBRARY_ROOT, f)}` : `ws:${path.relative(workspace, f)}`);
    h.update(`lab:${rel(path.resolve(lab.labFile))}\n`);
    for (const f of [...lab.inputs].map((i) => path.resolve(i)).sort()) {
      h.update(`${rel(f)}\n`);
      h.update(fs.readFileSync(f));
    }
    return h.digest('hex');
  }

  private read(key: string): TypeDiagnostic[] | undefined {
    try {
      return JSON.parse(fs.readFileSync(path.join(this.dir, `${key}.json`), 'utf8'));
    } catch {
      return undefined;
    }
  }

  private write(key: string, diagnostics: readonly TypeDiagnostic[]): void {
    try {
      fs.mkdirSync(this.dir, { recursive: true });
      const tmp = path.join(this.dir, `${key}.${process.pid}.tmp`);
      fs.writeFileSync(tmp, JSON.stringify(diagnostics));
      fs.renameSync(tmp, path.join(this.dir, `${key}.json`));
    } catch {
      // A cache that cannot be written only costs time.
    }
  }

  private ask(job: { workspace: string; labs: string[]; inputs: Record<string, string[]> }): Promise<Record<string, TypeDiagnostic[]>> {
    if (!this.worker) {
      this.worker = new Worker(path.join(LIBRARY_ROOT, 'lib/sandbox/typecheck-worker.js'), { workerData: { libraryRoot: LIBRARY_ROOT, cdkRoot: packageDir('aws-cdk-lib'), typeRoots: path.dirname(packageDir('@types/node')) } });
      this.worker.unref();
      this.worker.on('message', (m: { id: number; ok: boolean; diagnostics?: Record<string, TypeDiagnostic[]>; message?: string }) => {
        const p = this.pending.get(m.id);
        if (!p) return;
        this.pending.delete(m.id);
        if (m.ok) p.resolve(m.diagnostics ?? {});
        else p.reject(new Error(`type check failed: ${m.message}`));
      });
      this.worker.on('error', (err) => {
        for (const p of this.pending.values()) p.reject(err);
        this.pending.clear();
        this.worker = undefined;
      });
    }
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      this.worker!.ref();
      this.worker!.postMessage({ id, ...job });
    }).finally(() => {
      if (this.pending.size === 0) this.worker?.unref();
    }) as Promise<Record<string, TypeDiagnostic[]>>;
  }
}
