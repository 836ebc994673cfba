/** What a check concluded: pass, fail, or error (it could not run, which is never a pass). */
export type Status = 'pass' | 'fail' | 'error';

/** What a check concluded, and why, in one sentence a student can act on. */
export interface Verdict {
  readonly status: Status;
  readonly message: string;
}

export const pass = (message: string): Verdict => ({ status: 'pass', message });
export const fail = (message: string): Verdict => ({ status: 'fail', message });
export const error = (message: string): Verdict => ({ status: 'error', message });
