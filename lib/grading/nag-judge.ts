import * as path from 'path';
import { Worker } from 'worker_threads';
import type { NagFinding } from '../model/evidence';
import type { TemplateJson } from '../model/template';
import { LIBRARY_ROOT } from '../paths';
import type { LabAcknowledgement } from '../sandbox/harness';
import { nagFindings } from './nag-findings';

/** Where a grade's cdk-nag findings are computed: in this thread, or in a worker thread started early. */
export interface NagJudge {
  findings(template: TemplateJson, acknowledgements?: readonly LabAcknowledgement[]): Promise<NagFinding[]>;
  /** Loads and warms the packs on a template (a baseline) while there is nothing to judge yet. */
  warm(template: TemplateJson): void;
  close(): void;
}

let warmUp: NodeJS.Timeout | undefined;

/** cdk-nag in this thread. */
export const inProcess: NagJudge = {
  findings: async (template, acknowledgements) => nagFindings(template, acknowledgements),
  warm: (template) => {
    warmUp = setTimeout(() => {
      try {
        nagFindings(template);
      } catch {
        // Only a head start: judging reads and reports the template itself.
      }
    }, 20).unref();
  },
  // A warm-up that has not started by the end of the grade has nothing left to speed up.
  close: () => clearTimeout(warmUp),
};

/** cdk-nag in nag-worker.js; if the worker fails, the judging goes on in this thread. */
class WorkerJudge implements NagJudge {
  private readonly worker: Worker;
  private failed = false;
  private nextId = 1;
  private readonly pending = new Map<number, { resolve: (f: NagFinding[]) => void; fallback: () => void }>();

  constructor() {
    this.worker = new Worker(path.join(LIBRARY_ROOT, 'lib/grading/nag-worker.js'), { workerData: { libraryRoot: LIBRARY_ROOT } });
    this.worker.on('message', (m: { id: number; ok: boolean; findings?: NagFinding[] }) => {
      const p = this.pending.get(m.id);
      if (!p) return;
      this.settle(m.id);
      if (m.ok) p.resolve(m.findings ?? []);
      else p.fallback();
    });
    this.worker.on('error', () => {
      this.failed = true;
      for (const [id, p] of [...this.pending]) {
        this.settle(id);
        p.fallback();
      }
    });
    // Idle, it must not keep the grader running (a command that fails first exits); after the
    // listeners, which would otherwise hold it again.
    this.worker.unref();
  }

  findings(template: TemplateJson, acknowledgements: readonly LabAcknowledgement[] = []): Promise<NagFinding[]> {
    // A finding the worker could not give is computed here: the same function, the same template.
    if (this.failed) return inProcess.findings(template, acknowledgements);
    return new Promise((resolve, reject) => {
      const id = this.send({ template, acknowledgements });
      this.pending.set(id, {
        resolve,
        fallback: () => {
          try {
            resolve(nagFindings(template, acknowledgements));
          } catch (err) {
            reject(err);
          }
        },
      });
    });
  }

  warm(template: TemplateJson): void {
    if (this.failed) return;
    const id = this.send({ template, acknowledgements: [], warm: true });
    this.pending.set(id, { resolve: () => undefined, fallback: () => undefined });
  }

  close(): void {
    void this.worker.terminate();
  }

  private send(m: object): number {
    const id = this.nextId++;
    this.worker.ref();
    this.worker.postMessage({ id, ...m });
    return id;
  }

  private settle(id: number): void {
    this.pending.delete(id);
    if (this.pending.size === 0) this.worker.unref();
  }
}

let early: WorkerJudge | undefined;

/**
 * Starts the nag worker now (a command that will grade calls this first), so that cdk-nag loads on
 * another core while the grader loads its own modules. The first grading of the run adopts it.
 */
export function startNagEarly(): void {
  early ??= new WorkerJudge();
}

/** The judge for one grading: the early worker if there is one (the grading closes it), else this thread. */
export function nagJudge(): NagJudge {
  const judge = early;
  early = undefined;
  return judge ?? inProcess;
}
