// The CDK app: `npx cdk deploy -c module=02 -c student=alice [-c allowedCidr=203.0.113.0/24]`.
// Also -c ttlHours=N (default 8), -c budgetUsd=N (default 10), -c budgetEmail=ops@example.com, and
// -c labs=DIR: the project whose drills/ folder holds the labs (a student handout sets `.`), instead
// of the library's own; only the drills that project has are synthesized. -c lab=solution: the
// drills' reference solution.ts instead of lab.ts (the live integration suite in test/live/ deploys
// the solutions with it; only in the library's own checkout; without it nothing changes).
// One lab stack per drill of the selected module(s), named awswo-<student>-<drill>, guardrails applied,
// and the course's cdk-nag packs run on every synth.
import * as fs from 'fs';
import * as path from 'path';
import { App, Validations } from 'aws-cdk-lib';
import { MODULE_IDS } from '../lib/course';
import { catalog } from '../drills/registry';
import { coursePacks } from '../lib/nag/course-packs';
import { addLabStack, expiryFrom, LAB_DEFAULTS, parseCidr, studentNameError } from '../lib/lab';
import { loadLabClass } from '../lib/lab/load-lab';
import { workspaceAttempt } from '../lib/grading/attempt';
import { workspaceDrills } from '../lib/classroom/workspace';
import { LIBRARY_ROOT } from '../lib/paths';

function fail(message: string): never {
  process.stderr.write(`awswo: ${message}\n`);
  process.exit(2);
}

const app = new App();
const ctx = (key: string): string | undefined => {
  const v = app.node.tryGetContext(key);
  return v === undefined || v === null ? undefined : String(v);
};

const student = ctx('student') ?? 'demo';
const nameError = studentNameError(student);
if (nameError) fail(`-c student: ${nameError}`);

const allowedCidr = ctx('allowedCidr');
if (allowedCidr !== undefined) {
  try {
    parseCidr(allowedCidr);
  } catch (err) {
    fail(`-c allowedCidr: ${(err as Error).message}`);
  }
}

const num = (key: string, fallback: number): number => {
  const v = ctx(key);
  if (v === undefined) return fallback;
  const n = Number(v);
  if (!Number.isFinite(n) || n <= 0) fail(`-c ${key}: "${v}" is not a positive number`);
  return n;
};
let expiresAt: string;
try {
  expiresAt = expiryFrom(new Date(), num('ttlHours', LAB_DEFAULTS.ttlHours));
} catch (err) {
  fail(`-c ttlHours: ${(err as Error).message}`);
}
const budgetUsd = num('budgetUsd', LAB_DEFAULTS.budgetUsd);
const budgetEmail = ctx('budgetEmail');
if (budgetEmail !== undefined && !/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(budgetEmail)) fail(`-c budgetEmail: "${budgetEmail}" is not an email address`);

const moduleArg = ctx('module');
const module = moduleArg?.padStart(2, '0');
if (module !== undefined && !MODULE_IDS.includes(module as never)) fail(`-c module: unknown module "${moduleArg}" (modules: ${MODULE_IDS.join(', ')})`);
const labsArg = ctx('labs');
const labsRoot = labsArg === undefined ? LIBRARY_ROOT : path.resolve(labsArg);
let drills = module ? catalog.ofModule(module) : catalog.all();
if (labsRoot !== LIBRARY_ROOT) {
  const present = new Set(workspaceDrills(catalog, labsRoot).map((d) => d.id));
  drills = drills.filter((d) => present.has(d.id));
  if (drills.length === 0) fail(`-c labs=${labsArg}: no drill${module ? ` of module ${module}` : ''} in ${labsRoot}`);
}
if (drills.length === 0) fail(`module ${module} has no drills yet`);

const labFile = ctx('lab') ?? 'lab';
if (labFile !== 'lab' && labFile !== 'solution') fail(`-c lab: "${labFile}" is neither lab nor solution`);

for (const drill of drills) {
  // The drill folder's lab.ts: the student's working copy when deployed from their checkout or handout.
  const attemptLab = workspaceAttempt(drill, labsRoot).labFile;
  const file = labFile === 'lab' ? attemptLab : path.join(drill.dir, `${labFile}.ts`);
  if (!fs.existsSync(file)) fail(`-c lab=${labFile}: ${path.relative(process.cwd(), file)} is not in this checkout`);
  const LabClass = loadLabClass(file, path.relative(process.cwd(), file));
  addLabStack(app, LabClass, { drillId: drill.id, module: drill.module, student, allowedCidr, expiresAt, budgetUsd, budgetEmail });
}

Validations.of(app).addPlugins(...coursePacks(app));
