import { bundleLab } from './lib/sandbox/bundle';
import { SynthPool } from './lib/sandbox/pool';
import { freshIdentity } from './lib/sandbox/identity';
import * as path from 'path';
(async () => {
  const lab = path.resolve(process.argv[2]);
  let t = Date.now();
  const b = await bundleLab(lab, { workspace: path.resolve('.'), shownAs: (f) => f });
  console.log('bundle', Date.now() - t, 'ms', b.code.length);
  for (let i = 0; i < 3; i++) {
    const pool = new SynthPool(1);
    await new Promise((r) => setTimeout(r, 1500));
    t = Date.now();
    const first = freshIdentity([], b.code);
    const second = freshIdentity([first], b.code);
    const o = await pool.synthesize(b.code, { drillId: 'x', module: '05' as any, identities: [first, second], budgetUsd: 10 });
    console.log('synth (warm process)', Date.now() - t, 'ms', o.ok);
    pool.close();
  }
  t = Date.now();
  const pool = new SynthPool(1);
  const first = freshIdentity([], b.code);
  const o = await pool.synthesize(b.code, { drillId: 'x', module: '05' as any, identities: [first, freshIdentity([first], b.code)], budgetUsd: 10 });
  console.log('synth (cold process)', Date.now() - t, 'ms', o.ok);
  pool.close();
})();
