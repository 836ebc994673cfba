/**
 * Bad input that makes a grade meaningless (unknown drill, synth error, missing runbook, no
 * credentials...): reported as one line with exit code 2, never as a partial report.
 */
export class GradeInputError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'GradeInputError';
  }
}

/** The first line of an error message, without stack noise. */
export function firstLine(err: unknown): string {
  const text = err instanceof Error ? err.message : String(err);
  return text.split('\n').map((l) => l.trim()).find(Boolean) ?? 'unknown error';
}
