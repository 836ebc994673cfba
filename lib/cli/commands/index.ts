import type { Command } from '../command';

/** A command of the CLI: loaded only when it runs, so `awswo list` never loads the grader or the SDK. */
export interface CommandEntry {
  readonly name: string;
  readonly summary: string;
  load(): Command;
}

/** Every awswo command, in the order `awswo --help` lists them. Adding one: a file and a line here. */
export const COMMANDS: readonly CommandEntry[] = [
  { name: 'list', summary: 'the drill catalogue', load: () => (require('./list') as typeof import('./list')).list },
  { name: 'show', summary: 'the briefing of one drill', load: () => (require('./show') as typeof import('./show')).show },
  { name: 'grade', summary: 'grade a student workspace (static checks; --live: the deployed stack too)', load: () => (require('./grade') as typeof import('./grade')).grade },
  { name: 'hint', summary: 'the hints of a drill, one at a time (--next; recorded for the reviewer)', load: () => (require('./hint') as typeof import('./hint')).hint },
  { name: 'grader-policy', summary: 'print the least-privilege IAM policy a grader needs for grade --live', load: () => (require('./grader-policy') as typeof import('./grader-policy')).graderPolicyCommand },
  { name: 'inject', summary: 'instructor: put a deployed lab into an incident the student must work', load: () => (require('./inject') as typeof import('./inject')).inject },
  { name: 'handout', summary: 'instructor: write a student workspace (labs, briefings, blank runbooks; no solutions)', load: () => (require('./handout') as typeof import('./handout')).handout },
  { name: 'review', summary: "instructor's gate: show a workspace's evidence, record an approval or rejection", load: () => (require('./review') as typeof import('./review')).review },
  { name: 'status', summary: 'per module: automatic result, review state, and CERTIFIED only from current approvals', load: () => (require('./status') as typeof import('./status')).status },
  { name: 'gradebook', summary: 'grade a class roster in parallel: one row per student (csv, html, json)', load: () => (require('./gradebook') as typeof import('./gradebook')).gradebook },
  { name: 'verify', summary: "instructor self-test: the pristine lab fails every objective, the solution passes", load: () => (require('./verify') as typeof import('./verify')).verify },
  { name: 'coverage', summary: 'SOA-C03 task and syllabus module coverage of the drills', load: () => (require('./coverage') as typeof import('./coverage')).coverageCommand },
  { name: 'cost', summary: 'estimated hourly and monthly cost of a lab, per resource (offline)', load: () => (require('./cost') as typeof import('./cost')).costCommand },
  { name: 'deploy', summary: 'deploy labs for a student or a class roster in-process (estimate first; per-student accounts)', load: () => (require('./deploy') as typeof import('./deploy')).deployCommand },
  { name: 'sweep', summary: 'find and delete what labs left behind (stack gone or expiry passed)', load: () => (require('./sweep') as typeof import('./sweep')).sweepCommand },
];
