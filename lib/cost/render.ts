import type { CostEstimate, CostLine } from './estimate';

const usd = (n: number, digits = 2) => `$${n.toFixed(digits)}`;

/** The estimate as text: priced lines, free lines, lines not estimated, assumptions and risks. */
export function renderEstimate(title: string, e: CostEstimate, opts: { ttlHours?: number } = {}): string {
  const out: string[] = [];
  out.push(`${title}: ~${usd(e.hourly, 3)}/hour, ~${usd(e.monthly)}/month in ${e.region}${e.notEstimated.length ? ` (plus ${e.notEstimated.length} resource(s) not estimated)` : ''}`);
  if (opts.ttlHours) out.push(`  for a ${opts.ttlHours}-hour lab: ~${usd(e.hourly * opts.ttlHours)}`);
  const priced = [...e.lines].filter((l) => l.status === 'priced').sort((a, b) => b.monthly - a.monthly);
  const width = Math.max(10, ...priced.map((l) => name(l).length));
  for (const l of priced) out.push(`  ${name(l).padEnd(width)}  ${usd(l.monthly).padStart(9)}/month  ${l.type}: ${l.detail}`);
  const free = e.lines.filter((l) => l.status === 'free');
  if (free.length) out.push(`  free: ${summarize(free)}`);
  for (const l of e.notEstimated) out.push(`  NOT ESTIMATED  ${name(l)} (${l.type}): ${l.detail}`);
  for (const r of e.risks) out.push(`  RISK  ${r.message}`);
  if (e.assumptions.length) {
    out.push('  assumptions:');
    for (const a of e.assumptions) out.push(`    - ${a}`);
  }
  out.push(`  prices as of ${e.pricesAsOf}: ${e.source}`);
  return out.join('\n') + '\n';
}

function name(l: CostLine): string {
  return `${l.guardrail ? '(guardrail) ' : ''}${l.path}`;
}

/** `IAM::Role ×4, EC2::Subnet ×2`: free lines grouped by type. */
function summarize(lines: readonly CostLine[]): string {
  const counts = new Map<string, number>();
  for (const l of lines) counts.set(l.type.replace(/^AWS::/, ''), (counts.get(l.type.replace(/^AWS::/, '')) ?? 0) + 1);
  return [...counts].map(([t, n]) => (n > 1 ? `${t} ×${n}` : t)).join(', ');
}

/** One line for `awswo show` and `awswo deploy`. */
export function oneLine(e: CostEstimate): string {
  const extra = e.notEstimated.length ? `, ${e.notEstimated.length} resource(s) not estimated` : '';
  const risks = e.risks.length ? `, ${e.risks.length} spend risk(s)` : '';
  return `~${usd(e.hourly, 3)}/hour, ~${usd(e.monthly)}/month in ${e.region} (prices as of ${e.pricesAsOf}${extra}${risks})`;
}
