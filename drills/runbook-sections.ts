/** The sections of every drill's RUNBOOK.md: the operator's change record. */
export const RUNBOOK_SECTIONS = ['Permissions', 'Change plan', 'Stop rules', 'Validation gates', 'Rollback path', 'Record'] as const;
