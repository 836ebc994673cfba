import { SOA_C03, SYLLABUS } from '../course';
import type { Drill } from '../model/drill';

const cell = (s: string) => s.replace(/\|/g, '\\|');

/** The drill catalogue as a Markdown table, generated from drill metadata. */
export function catalogueMarkdown(drills: readonly Drill[]): string {
  const rows = drills.map(
    (d) => `| [\`${d.id}\`](drills/${d.dir.split('/drills/')[1]}/README.md) | ${d.module} | ${cell(d.title)} | ${d.soaTasks.join(', ')} | ${d.difficulty} | ${d.objectives.length} |`,
  );
  return ['| drill | module | title | SOA-C03 tasks | level | objectives |', '|---|---|---|---|---|---|', ...rows].join('\n') + '\n';
}

export interface Coverage {
  readonly tasks: ReadonlyArray<{ id: string; title: string; domain: string; drills: string[] }>;
  readonly modules: ReadonlyArray<{ id: string; title: string; drills: string[] }>;
}

/** Which drills cover each SOA-C03 task (by drill tags or objective tasks) and each syllabus module. */
export function coverage(drills: readonly Drill[]): Coverage {
  const tasks = SOA_C03.domains.flatMap((d) =>
    d.tasks.map((t) => ({
      id: t.id as string,
      title: t.title as string,
      domain: d.id as string,
      drills: drills.filter((x) => x.soaTasks.includes(t.id) || x.objectives.some((o) => o.soaTask === t.id)).map((x) => x.id),
    })),
  );
  const modules = SYLLABUS.modules.map((m) => ({ id: m.id as string, title: m.title as string, drills: drills.filter((x) => x.module === m.id).map((x) => x.id) }));
  return { tasks, modules };
}

export function coverageMarkdown(c: Coverage): string {
  const out = ['## SOA-C03 tasks', '', '| task | title | drills |', '|---|---|---|'];
  for (const t of c.tasks) out.push(`| ${t.id} | ${cell(t.title)} | ${t.drills.map((d) => `\`${d}\``).join(', ') || '—'} |`);
  out.push('', '## Syllabus modules', '', '| module | title | drills |', '|---|---|---|');
  for (const m of c.modules) out.push(`| ${m.id} | ${cell(m.title)} | ${m.drills.map((d) => `\`${d}\``).join(', ') || '—'} |`);
  const uncovered = c.tasks.filter((t) => t.drills.length === 0).map((t) => t.id);
  out.push('', `Tasks without a drill: ${uncovered.join(', ') || 'none'}.`);
  return out.join('\n') + '\n';
}

export function coverageText(c: Coverage): string {
  const out = ['SOA-C03 task coverage'];
  for (const t of c.tasks) out.push(`  ${t.id.padEnd(4)} ${String(t.drills.length).padStart(2)}  ${t.drills.join(', ') || '-'}`);
  out.push('', 'Syllabus module coverage');
  for (const m of c.modules) out.push(`  ${m.id}  ${m.title.padEnd(24)} ${String(m.drills.length).padStart(2)}  ${m.drills.join(', ') || '-'}`);
  return out.join('\n') + '\n';
}

export const GENERATED_NOTE = '<!-- Generated from drill metadata by `npm run docs`; do not edit by hand. -->';
