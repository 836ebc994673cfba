// Dev helper: synth one lab file and print nag findings (acknowledged ones marked).
import * as path from 'path';
import { registry } from '../lib/grading/registry';
import { loadLabClass, synthLab } from '../lib/grading/synth';
import { nagFindings } from '../lib/grading/nag-findings';

const [drillId, file] = process.argv.slice(2);
const drill = registry.find((d) => d.id === drillId)!;
const { stack, template } = synthLab(drill, loadLabClass(path.resolve(file)));
for (const f of nagFindings(stack)) console.log(f.acknowledgedWith ? 'ack ' : 'NEW ', f.rule, f.path, f.acknowledgedWith ?? '');
if (process.env.SHOW) console.log(JSON.stringify(template, null, 1));
