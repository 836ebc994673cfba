/**
 * For a test file that grades labs as a means (a command's output, a report, a gradebook), not the
 * sandbox as its subject: a lab it synthesized before, with the same code, job and sandbox, is
 * not synthesized again (lib/sandbox/synth-memo.ts). Jest gives each test file its own
 * process.env, so this holds for this file and the commands it starts with that environment.
 * `AWSWO_SYNTH_MEMO=off npm test` synthesizes every one.
 */
export function useSynthMemo(): void {
  process.env.AWSWO_SYNTH_MEMO ??= 'on';
}
