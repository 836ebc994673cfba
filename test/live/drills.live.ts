// The live integration suite (npm run test:live): every drill deployed on moto_server with the real
// CDK CLI, graded with `npx awswo grade --live`, destroyed, swept. For each drill, twice:
//   the pristine lab: every live check fails for its own trap (none errors);
//   the reference solution (`-c lab=solution`, a workspace holding it): every live check passes.
// Then `cdk destroy` leaves only what the emulator cannot delete, and `awswo sweep` removes that.
// What moto lacks is filled or asserted as emulator-gaps.ts lists it (test code only).
import * as fs from 'fs';
import * as path from 'path';
import { catalog } from '../../drills/registry';
import type { Drill } from '../../lib/model/drill';
import { ASSERTED_VERDICTS, EMULATOR_GAPS, gap, GapId } from './emulator-gaps';
import {
  ACCOUNT, allowDatabaseDeletion, awsEnv, Clients, DEFAULT_REGION, deleteLogGroup, EmulatorProxy, GradeReport, incidentLog,
  liveChecks, Moto, MOTO_MISSING, newResults, onPath, patchForMoto, PhaseResult, restoreRule, RESULTS_FILE, revokedRule, run,
  removeTempDirs, RevokedRule, runtimeLogGroups, securityGroup, sleep, solutionWorkspace, stackExists, stackFunctions, stackResources, StandIns, STUDENT, synth, Synthesized, tail,
  taggedLeftovers, targetHealthAlarms, writeIncidentLog,
} from './helpers';

if (!onPath('moto_server')) throw new Error(MOTO_MISSING);

/** AWSWO_LIVE_DRILLS=a,b runs only those (while developing); a full run checks the gap list too. */
const only = (process.env.AWSWO_LIVE_DRILLS ?? '').split(',').map((s) => s.trim()).filter(Boolean);
const registry = catalog.all();
const drills = only.length ? registry.filter((d) => only.includes(d.id)) : [...registry];
if (only.length && drills.length !== only.length) throw new Error(`AWSWO_LIVE_DRILLS names unknown drills: ${only.filter((id) => !registry.some((d) => d.id === id)).join(', ')}`);

// Which drills have an incident to inject: a capability the drill declares.
const incidentDrills = registry.filter((d) => d.injection).map((d) => d.id);

const results = newResults();
const gapsUsed = new Set<GapId>();
const bootstrapped = new Set<string>();
const started = Date.now();
let moto: Moto;
let proxy: EmulatorProxy;
let clients: Clients;
let driftAsserted = false;

beforeAll(async () => {
  moto = await Moto.start();
  proxy = new EmulatorProxy(moto.port);
  await proxy.start();
  clients = new Clients(moto.endpoint);
}, 60_000);

afterAll(async () => {
  results.totalSeconds = (Date.now() - started) / 1000;
  for (const g of proxy?.served ?? []) gapsUsed.add(g);
  results.gapsUsed = [...gapsUsed].sort();
  fs.writeFileSync(RESULTS_FILE, JSON.stringify(results, null, 2) + '\n');
  const lines = [
    `live integration suite: ${drills.length} drills in ${results.totalSeconds.toFixed(0)} s against moto_server (${moto?.endpoint})`,
    `  drills without live checks (graded statically only): ${results.withoutLiveChecks.join(', ') || 'none'}`,
    ...Object.entries(results.drills).flatMap(([id, r]) => [
      ...(r.pristine.guards?.length ? [`  ${id}: live checks that pass on the pristine lab too (they guard what the workload needs): ${r.pristine.guards.join(', ')}`] : []),
      ...[...(r.pristine.asserted ?? []), ...(r.solution.asserted ?? [])].map((a) => `  ${id}: asserted, not run end to end: ${a}`),
    ]),
    `  emulator gaps filled or asserted: ${results.gapsUsed.join(', ')}`,
    `  without --skip-drift: ${results.driftError ?? '(not run)'}`,
  ];
  process.stderr.write(lines.join('\n') + '\n');
  process.stderr.write(`  moto_server log: ${moto?.log}\n`);
  removeTempDirs();
  clients?.destroy();
  await proxy?.stop();
  await moto?.stop();
});

const motoEnv = (region = DEFAULT_REGION) => awsEnv(moto.endpoint, region);
/** awswo itself talks to the proxy, which shows the stand-ins as the stack's own. */
const graderEnv = (region = DEFAULT_REGION) => awsEnv(proxy.endpoint, region);

async function bootstrap(region: string): Promise<void> {
  if (bootstrapped.has(region)) return;
  const r = await run('npx', ['cdk', 'bootstrap', '--no-notices', `aws://${ACCOUNT}/${region}`], motoEnv(region));
  expect({ bootstrap: region, code: r.code, tail: r.code ? tail(r) : '' }).toEqual({ bootstrap: region, code: 0, tail: '' });
  bootstrapped.add(region);
}

/**
 * Live checks that pass on the pristine lab by design: the workload's needs, which a trap that grants
 * too much (or a trap that is a missing grant, for "nothing more") does not break. Any other pristine
 * pass fails the suite, and so does a guard listed here that does not pass.
 */
const PRISTINE_GUARDS: Readonly<Record<string, readonly string[]>> = {
  'iam-wildcard-role': ['function-live-can-work', 'ops-live-can-operate', 'auditor-live-can-read'],
  'access-denied-parameter': ['parameter-live-nothing-more'],
};

const trapsOf = (drill: Drill, objective: string) => drill.traps.filter((t) => t.objective === objective).map((t) => t.resource);

/** What a phase leaves for the next test of the same phase. */
interface PhaseState {
  synthesized?: Synthesized;
  standIns?: StandIns;
  workspace?: string;
  incident?: { rule: RevokedRule; times: Date[] };
}

describe.each(drills.map((d) => [d.id, d] as const))('%s', (_id, drill) => {
  const stackName = `awswo-${STUDENT}-${drill.id}`;
  const record = (results.drills[drill.id] = { pristine: {} as PhaseResult, solution: {} as PhaseResult, liveChecks: drill.objectives.reduce((n, o) => n + (o.liveChecks?.length ?? 0), 0), incident: incidentDrills.includes(drill.id) || undefined });

  describe.each([['pristine', 'the pristine lab'], ['solution', 'the reference solution']] as const)('%s', (phase, what) => {
    const state: PhaseState = {};
    const r = record[phase];

    test(`${what} deploys with the CDK CLI (npx cdk synth -c module=${drill.module}, npx cdk deploy --app)`, async () => {
      const { ran, synthesized } = await synth(motoEnv(), drill.module, phase === 'pristine' ? 'lab' : 'solution', drill.id, stackName);
      r.synthSeconds = ran.seconds;
      expect({ synth: ran.code, tail: ran.code ? tail(ran) : '' }).toEqual({ synth: 0, tail: '' });
      const s = synthesized!;
      await bootstrap(s.region);
      r.patches = patchForMoto(s);
      r.patches.forEach((g) => gapsUsed.add(g));
      const deploy = await run('npx', ['cdk', 'deploy', '--app', s.outdir, s.stackId, '--require-approval', 'never', '--no-notices'], motoEnv(s.region));
      r.deploySeconds = deploy.seconds;
      expect({ deploy: deploy.code, tail: deploy.code ? tail(deploy, 15) : '' }).toEqual({ deploy: 0, tail: '' });
      state.synthesized = s;
      const standIns = new StandIns(stackName, s.region, clients);
      await standIns.afterDeploy(s.template);
      state.standIns = standIns;
      proxy.current = standIns;
      if (phase === 'solution') state.workspace = solutionWorkspace(drill.dir);
    });

    if (incidentDrills.includes(drill.id)) {
      test(`awswo inject breaks ${what} as the instructor asked, and the suite works the incident as the student would`, async () => {
        const s = state.synthesized!;
        const standIns = state.standIns!;
        const inject = await run('npx', ['awswo', 'inject', drill.id, '--student', STUDENT], graderEnv(s.region));
        expect({ inject: inject.code, tail: inject.code ? tail(inject) : '' }).toEqual({ inject: 0, tail: '' });
        const rule = revokedRule(inject.stdout);
        if (!rule) throw new Error(`awswo inject printed no step the suite knows how to check:\n${inject.stdout}`);
        // What it did: the rule is gone, and the group says when and what.
        const sg = await securityGroup(clients, s.region, rule.groupId);
        const source = rule.permission.UserIdGroupPairs![0].GroupId;
        const stillAdmits = (sg.IpPermissions ?? []).some((p) => p.FromPort === rule.permission.FromPort && (p.UserIdGroupPairs ?? []).some((g) => g.GroupId === source));
        expect(stillAdmits).toBe(false);
        const tags = Object.fromEntries((sg.Tags ?? []).map((t) => [t.Key, t.Value]));
        const injectedAt = new Date(tags['awswo:incident-injected-at'] ?? '');
        expect(Math.abs(Date.now() - injectedAt.getTime())).toBeLessThan(120_000);
        expect(tags['awswo:incident']).toContain(`revoked tcp ${rule.permission.FromPort}-${rule.permission.ToPort}`);

        // The incident as CloudWatch and the student would play it (moto evaluates no alarm).
        const alarms = targetHealthAlarms(s.template, standIns);
        expect(alarms.length).toBeGreaterThan(0);
        const times: Date[] = [];
        const step = async () => { await sleep(1100); times.push(new Date()); };
        for (const a of alarms) await standIns.setAlarmState(a, 'ALARM', 'no healthy target since the injected rule change');
        await step(); // Observe
        await step(); // Isolate
        await restoreRule(clients, s.region, rule);
        await step(); // Mitigate
        await sleep(1100);
        for (const a of alarms) await standIns.setAlarmState(a, 'OK', 'the targets are healthy again');
        await step(); // Verify
        await step(); // Document
        state.incident = { rule, times };
        if (phase === 'solution') {
          writeIncidentLog(state.workspace!, drill.dir, incidentLog(fs.readFileSync(path.join(drill.dir, 'INCIDENT.solution.md'), 'utf8'), times));
        }
      });
    }

    const expectation = phase === 'pristine' ? 'every live check fails for its own trap, none errors' : 'every live check passes';
    test(`npx awswo grade ${drill.id} --live: ${expectation}`, async () => {
      const s = state.synthesized!;
      expect(s).toBeDefined();
      const args = ['awswo', 'grade', drill.id, '--live', '--student', STUDENT, '--skip-drift', '--format', 'json', ...(s.region !== DEFAULT_REGION ? ['--region', s.region] : []), ...(state.workspace ? ['--workspace', state.workspace] : [])];
      const grade = await run('npx', args, graderEnv());
      r.gradeSeconds = grade.seconds;
      const asserted = ASSERTED_VERDICTS.filter((a) => a.drill === drill.id && a.phase === phase);
      // exit 1: objectives fail (the pristine lab; a solution only where a verdict is asserted); 0: all pass.
      const code = phase === 'pristine' || asserted.length ? 1 : 0;
      expect({ grade: [0, 1].includes(grade.code), stderr: grade.stderr.trim() }).toEqual({ grade: true, stderr: '' });
      const report = JSON.parse(grade.stdout) as GradeReport;
      r.gradeInProcessSeconds = report.durationMs / 1000;
      const rows = liveChecks(report);

      if (rows.length === 0) {
        // No live checks yet: listed, never counted as a live pass.
        expect(report.live.warnings).toContain(`${drill.id} has no live checks yet: graded statically only`);
        expect(grade.code).toBe(code);
        if (phase === 'pristine') results.withoutLiveChecks.push(drill.id);
        return;
      }

      const problems: string[] = [];
      for (const row of rows) {
        const known = asserted.find((a) => a.check === row.id);
        if (known) {
          gapsUsed.add(known.gap);
          (r.asserted ??= []).push(`${row.id} (${gap(known.gap).subject}): ${row.message}`);
          if (row.status !== known.status || !known.message.test(row.message)) problems.push(`${row.id}: emulator gap ${known.gap} should give ${known.status} ${known.message}, got ${row.status}: ${row.message}`);
          continue;
        }
        if (row.status === 'error') problems.push(`${row.id} errored: ${row.message}`);
        else if (phase === 'solution' && row.status !== 'pass') problems.push(`${row.id} does not pass on the reference solution: ${row.message}`);
        else if (phase === 'pristine' && row.status === 'fail') {
          const traps = trapsOf(drill, row.objective);
          if (!traps.some((t) => row.message.includes(t))) problems.push(`${row.id} fails, but not for a trap of ${row.objective} (${traps.join(', ')}): ${row.message}`);
        } else if (phase === 'pristine') {
          if ((PRISTINE_GUARDS[drill.id] ?? []).includes(row.id)) (r.guards ??= []).push(row.id);
          else problems.push(`${row.id} passes on the pristine lab: ${row.message}`);
        }
      }
      if (phase === 'pristine') {
        for (const g of PRISTINE_GUARDS[drill.id] ?? []) if (!rows.some((x) => x.id === g && x.status === 'pass')) problems.push(`guard ${g} does not pass on the pristine lab`);
        // A guard (a needed permission still granted) is fine; an objective no live check catches is not.
        for (const o of new Set(rows.map((x) => x.objective))) {
          if (!rows.some((x) => x.objective === o && x.status === 'fail')) problems.push(`objective ${o}: no live check fails on the pristine lab`);
        }
      } else {
        const failing = report.objectives.filter((o) => o.status !== 'pass' && !o.checks.some((c) => asserted.some((a) => a.check === c.id)));
        for (const o of failing) problems.push(`objective ${o.id} is ${o.status} on the reference solution`);
      }
      expect(problems).toEqual([]);
      expect(grade.code).toBe(code);

      if (!driftAsserted) {
        // Once per run: without --skip-drift the grader says, in one line, that there is no drift detection here.
        driftAsserted = true;
        const withDrift = await run('npx', args.filter((a) => a !== '--skip-drift'), graderEnv());
        expect({ code: withDrift.code, stdout: withDrift.stdout }).toEqual({ code: 2, stdout: '' });
        expect(withDrift.stderr.trim().split('\n')).toHaveLength(1);
        expect(withDrift.stderr.trim()).toBe(`awswo grade: ${proxy.endpoint} does not implement cloudformation:DetectStackDrift: it answered HTTP 500 with no AWS response: grade with --skip-drift there`);
        results.driftError = withDrift.stderr.trim();
        gapsUsed.add('drift-detection');
      }
    });

    test(`cdk destroy of ${what} leaves only what the emulator cannot delete, and awswo sweep removes it`, async () => {
      const s = state.synthesized!;
      expect(s).toBeDefined();
      const physical = await stackResources(clients, s.region, stackName);
      const functions = stackFunctions(s.template, physical);
      if (phase === 'solution') await allowDatabaseDeletion(clients, s.region, physical);
      await state.standIns!.beforeDestroy();
      const destroy = await run('npx', ['cdk', 'destroy', '--app', s.outdir, s.stackId, '--force', '--no-notices'], motoEnv(s.region));
      r.destroySeconds = destroy.seconds;
      await state.standIns!.afterDestroy();
      r.standIns = [...state.standIns!.used];
      r.standIns.forEach((g) => gapsUsed.add(g));
      proxy.current = undefined;
      expect(await stackExists(clients, s.region, stackName)).toBe(false);
      if (destroy.code !== 0) {
        // moto could not delete a VPC whose route tables it never deletes (and dropped the stack anyway).
        expect(destroy.stderr + destroy.stdout).toMatch(/has dependencies and cannot be deleted|cannot be found/);
        gapsUsed.add('delete-leftovers');
      }
      // Log groups Lambda creates at run time are untagged and outside the stack: ours to prevent.
      // Every function names a log group of the stack (the guardrails); moto writes to /aws/lambda/ anyway.
      const runtimeLogs = await runtimeLogGroups(clients, s.region, functions);
      expect(runtimeLogs.filter((l) => !l.fn.ownLogGroup).map((l) => `${l.group}: ${l.fn.logicalId} names no log group of the stack`)).toEqual([]);
      for (const l of runtimeLogs) {
        await deleteLogGroup(clients, s.region, l.group);
        gapsUsed.add('lambda-logging-config');
      }
      const kinds = gap('delete-leftovers').leftoverKinds!;
      const left = await taggedLeftovers(clients, [s.region]);
      r.leftovers = left.map((l) => l.kind);
      expect(left.filter((l) => !kinds.includes(l.kind)).map((l) => l.arn)).toEqual([]);
      if (left.length) gapsUsed.add('delete-leftovers');
      const sweep = await run('npx', ['awswo', 'sweep', '--student', STUDENT, '--format', 'json', ...(s.region !== DEFAULT_REGION ? ['--region', s.region] : [])], graderEnv(s.region));
      r.sweepSeconds = sweep.seconds;
      expect({ sweep: sweep.code, tail: sweep.code ? tail(sweep, 20) : '' }).toEqual({ sweep: 0, tail: '' });
      expect((await taggedLeftovers(clients, [s.region])).map((l) => l.arn)).toEqual([]);
    });
  });
});

// Only a full run can tell whether every listed stand-in was needed.
(only.length ? test.skip : test)('every stand-in, template patch and asserted verdict the gap list names was needed (the list is not stale)', () => {
  const unused = EMULATOR_GAPS.filter((g) => ['stand-in', 'template patch', 'asserted'].includes(g.handling) && !gapsUsed.has(g.id) && !proxy.served.has(g.id)).map((g) => g.id);
  expect(unused).toEqual([]);
});
