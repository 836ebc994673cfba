import { SOA_C03, SYLLABUS } from './course-data';

export { SOA_C03, SYLLABUS };

export type ModuleId = (typeof SYLLABUS.modules)[number]['id'];
export type SoaDomainId = (typeof SOA_C03.domains)[number]['id'];
export type SoaTaskId = (typeof SOA_C03.domains)[number]['tasks'][number]['id'];

export const MODULE_IDS: readonly ModuleId[] = SYLLABUS.modules.map((m) => m.id);

export function moduleTitle(id: string): string | undefined {
  return SYLLABUS.modules.find((m) => m.id === id)?.title;
}

export function soaTask(id: string): { id: string; title: string; domain: SoaDomainId; domainTitle: string } | undefined {
  for (const d of SOA_C03.domains) {
    const t = (d.tasks as readonly { id: string; title: string }[]).find((x) => x.id === id);
    if (t) return { id: t.id, title: t.title, domain: d.id, domainTitle: d.title };
  }
  return undefined;
}

/** The domain of a task id: '4.1' belongs to domain '4'. */
export function domainOfTask(id: SoaTaskId): SoaDomainId {
  return id.split('.')[0] as SoaDomainId;
}
