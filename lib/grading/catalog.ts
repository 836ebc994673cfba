import * as path from 'path';
import type { ModuleId } from '../course';
import type { Drill } from '../model/drill';

/**
 * The drills awswo knows, handed to the framework and the CLI by drills/registry.ts. Each entry is a
 * drill folder below the drills root (`02-iam/iam-wildcard-role`); a drill's metadata and checks are
 * loaded on first use, so a one-drill command loads one drill.
 */
export class DrillCatalog {
  private readonly loaded = new Map<string, Drill>();

  constructor(private readonly root: string, readonly folders: readonly string[]) {
    for (const f of folders) if (!/^\d\d-[a-z0-9-]+\/[a-z][a-z0-9-]+$/.test(f)) throw new Error(`drill registry: "${f}" is not NN-module/drill-id`);
  }

  /** Every drill id, in syllabus order, without loading any drill. */
  ids(): string[] {
    return this.folders.map((f) => path.basename(f));
  }

  has(id: string): boolean {
    return this.ids().includes(id);
  }

  /** The drill with this id, or undefined. */
  find(id: string): Drill | undefined {
    const folder = this.folders.find((f) => path.basename(f) === id);
    return folder === undefined ? undefined : this.load(folder);
  }

  all(): Drill[] {
    return this.folders.map((f) => this.load(f));
  }

  ofModule(module: ModuleId | string): Drill[] {
    return this.folders.filter((f) => f.startsWith(`${module}-`)).map((f) => this.load(f));
  }

  private load(folder: string): Drill {
    const cached = this.loaded.get(folder);
    if (cached) return cached;
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const drill: Drill | undefined = require(path.join(this.root, folder, 'drill')).default;
    if (!drill || drill.id !== path.basename(folder) || drill.module !== folder.slice(0, 2)) {
      throw new Error(`drill registry: ${folder}/drill.ts must export default the drill ${path.basename(folder)} of module ${folder.slice(0, 2)}`);
    }
    this.loaded.set(folder, drill);
    return drill;
  }
}
