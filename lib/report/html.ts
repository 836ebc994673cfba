import type { ObjectiveResult } from '../model/result';
import type { LiveEvidence } from '../model/live-check';
import type { LiveObjectiveResult } from '../model/live-result';
import { evidenceLine, isLiveCheck, isLiveResult, liveHeader, waitLine } from './live';
import { hintLine, readiness, Report, ReportedResult, reviewLine, reviewOf } from './report';
import { clip, xmlAttr } from './safe-text';

/**
 * One self-contained page per workspace for the instructor: the scaled score against the pass line,
 * the SOA-C03 domains as bars, then every drill with its review state, every objective with its
 * status, message, hint and check results (live evidence included), the scope diff and the
 * acknowledgements. Inline CSS only: no script, no external asset, and a Content-Security-Policy
 * that lets the page load nothing, so opening it never reaches the network. Every value is escaped
 * (control characters shown as escapes), so student text stays text.
 */

/** Escapes text and attribute values alike. */
const h = (s: string | number, max?: number) => xmlAttr(String(s), max);
/** The exam's scale: Score.scaled runs from 100 to 1000. */
const SCALE_MIN = 100;
const SCALE_MAX = 1000;
const pct = (n: number) => `${Math.min(100, Math.max(0, n)).toFixed(3)}%`;
const onScale = (v: number) => pct((100 * (v - SCALE_MIN)) / (SCALE_MAX - SCALE_MIN));
const STATUS = { pass: 'PASS', fail: 'FAIL', error: 'ERROR' } as const;
const slug = (s: string) => s.replace(/[^A-Za-z0-9_-]/g, '_');

const CSS = `
:root { --pass: #1a7f37; --fail: #cf222e; --error: #9a6700; --muted: #57606a; --line: #d0d7de; }
* { box-sizing: border-box; }
body { font: 15px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif; color: #1f2328; margin: 0 auto; max-width: 1100px; padding: 24px; }
h1 { font-size: 24px; margin: 0 0 4px; } h2 { font-size: 19px; margin: 32px 0 8px; } h3 { font-size: 15px; margin: 18px 0 6px; }
code, pre { font: 13px/1.4 ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; overflow-wrap: anywhere; white-space: pre-wrap; }
pre { background: #f6f8fa; padding: 8px; margin: 4px 0; }
.meta, .note, .muted { color: var(--muted); }
table { border-collapse: collapse; width: 100%; } th, td { border-bottom: 1px solid var(--line); padding: 6px 8px; text-align: left; vertical-align: top; overflow-wrap: anywhere; }
.scaled { font-size: 40px; font-weight: 600; margin: 8px 0; } .scaled small { font-size: 18px; color: var(--muted); font-weight: 400; }
.scale { position: relative; height: 22px; background: #eaeef2; border-radius: 4px; margin: 28px 0 4px; }
.scale .fill { position: absolute; left: 0; top: 0; bottom: 0; background: #0969da; border-radius: 4px 0 0 4px; }
.scale .pass-line { position: absolute; top: -22px; bottom: -4px; width: 0; border-left: 3px solid #1f2328; }
.scale .pass-line span { position: absolute; top: 0; left: 6px; font-size: 12px; white-space: nowrap; }
.ticks { display: flex; justify-content: space-between; font-size: 12px; color: var(--muted); }
.readiness { font-weight: 600; } .readiness.ready { color: var(--pass); } .readiness.not-ready { color: var(--fail); }
.share { display: flex; align-items: center; gap: 8px; } .share span, th, .nowrap { white-space: nowrap; }
.bar { position: relative; height: 14px; background: #eaeef2; border-radius: 3px; width: 200px; flex: none; }
.bar .bar-fill { position: absolute; left: 0; top: 0; bottom: 0; background: #0969da; border-radius: 3px; }
.status { font-weight: 700; white-space: nowrap; } .pass .status, .status.pass { color: var(--pass); } .fail .status, .status.fail { color: var(--fail); } .error .status, .status.error { color: var(--error); }
.badge { font-size: 13px; padding: 1px 6px; border: 1px solid currentColor; border-radius: 10px; vertical-align: middle; }
.review { font-weight: 600; }
ul { margin: 4px 0; padding-left: 20px; } .message { margin: 0 0 4px; } .hint { margin: 0 0 4px; color: var(--muted); }
.violation { color: var(--fail); font-weight: 600; }
details summary { cursor: pointer; color: var(--muted); font-size: 13px; }
@media print { details > * { display: block; } }
`;

export function renderHtml(report: Report): string {
  const s = report.score;
  const ready = readiness(report);
  const body = [
    '<header>',
    '<h1>awswo grade</h1>',
    `<p class="meta">Workspace <code id="workspace">${h(report.workspace)}</code> · ${h(report.kind)} checks · made ${h(report.generatedAt)}</p>`,
    '</header>',
    '<section id="score" aria-label="Scaled score">',
    `<p class="scaled"><span id="scaled-score" data-score="${s.scaled}">${s.scaled}</span> <small>/ ${SCALE_MAX}, pass mark <span id="pass-mark">${s.passMark}</span></small></p>`,
    `<div class="scale" id="score-scale" role="img" aria-label="score ${s.scaled} on a scale from ${SCALE_MIN} to ${SCALE_MAX}, pass mark ${s.passMark}">`,
    `<div class="fill" id="score-fill" style="width: ${onScale(s.scaled)}"></div>`,
    `<div class="pass-line" id="pass-line" style="left: ${onScale(s.passMark)}"><span>pass ${s.passMark}</span></div>`,
    '</div>',
    `<div class="ticks"><span>${SCALE_MIN}</span><span>${SCALE_MAX}</span></div>`,
    `<p id="readiness" class="readiness ${ready.startsWith('ready') ? 'ready' : 'not-ready'}">${h(ready[0].toUpperCase() + ready.slice(1))}</p>`,
    ...(hintLine(s) ? [`<p class="note" id="hints-taken">${h(hintLine(s)!)}.</p>`] : []),
    `<p class="note">Certification: ${h(report.certification)}. A score never certifies: only an instructor's recorded approval of the evidence does.</p>`,
    '</section>',
    '<section id="domains"><h2>SOA-C03 domains</h2><table>',
    '<thead><tr><th>domain</th><th>weights earned</th><th>share</th></tr></thead><tbody>',
    ...s.domains.map((d) =>
      `<tr class="domain" data-domain="${h(d.id)}" data-percent="${d.percent ?? ''}"><th>${h(d.id)}. ${h(d.title)}</th>` +
      `<td>${d.earned} of ${d.possible}</td>` +
      (d.percent === null
        ? '<td class="muted">not graded here</td></tr>'
        : `<td><div class="share"><div class="bar"><div class="bar-fill" style="width: ${pct(d.percent)}"></div></div><span>${d.percent}%</span></div></td></tr>`),
    ),
    '</tbody></table></section>',
    '<section id="drills"><h2>Drills</h2><table>',
    '<thead><tr><th>drill</th><th>module</th><th>result</th><th>objectives passed</th><th>review</th></tr></thead><tbody>',
    ...report.results.map((r) =>
      `<tr data-drill="${h(r.drill)}"><td class="nowrap"><a href="#drill-${slug(r.drill)}">${h(r.drill)}</a></td><td>${h(r.module)}</td>` +
      `<td class="status ${drillStatus(r)}">${drillVerdict(r)}</td><td>${r.objectives.filter((o) => o.status === 'pass').length} / ${r.objectives.length}</td>` +
      `<td class="review">${h(reviewLine(reviewOf(r)), 300)}</td></tr>`,
    ),
    '</tbody></table></section>',
    ...report.results.map(drillSection),
    '<footer><p class="note">Made by awswo from the synthesized template, the grader\'s own cdk-nag run, the diff against the pristine lab and the runbook' +
      `${report.kind === 'live' ? ', and the deployed stack' : ''}. Ready for instructor review is the most a score can say.</p></footer>`,
  ];
  return [
    '<!DOCTYPE html>',
    '<html lang="en">',
    '<head>',
    '<meta charset="utf-8">',
    `<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; base-uri 'none'; form-action 'none'">`,
    '<meta name="referrer" content="no-referrer">',
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<title>awswo grade: ${h(report.workspace, 200)}</title>`,
    `<style>${CSS}</style>`,
    '</head>',
    '<body>',
    ...body,
    '</body>',
    '</html>',
    '',
  ].join('\n');
}

const drillStatus = (r: ReportedResult) => (r.objectives.some((o) => o.status === 'error') ? 'error' : r.passed ? 'pass' : 'fail');
const drillVerdict = (r: ReportedResult) => ({ error: 'ERROR', pass: 'PASSED', fail: 'NOT PASSED' })[drillStatus(r)];

function drillSection(r: ReportedResult): string {
  const review = reviewOf(r);
  const out = [
    `<section class="drill" id="drill-${slug(r.drill)}" data-drill="${h(r.drill)}">`,
    `<h2>${h(r.title)} <span class="badge status ${drillStatus(r)}">${drillVerdict(r)}</span></h2>`,
    `<p class="meta"><code>${h(r.drill)}</code> · module ${h(r.module)} · ${r.objectives.filter((o) => o.status === 'pass').length} of ${r.objectives.length} objectives pass · graded in ${r.durationMs} ms</p>`,
    `<p>Review: <span class="review" data-review-state="${h(review.state)}">${h(reviewLine(review))}</span></p>`,
  ];
  if (isLiveResult(r)) {
    out.push(`<p class="live">${h(liveHeader(r))}</p>`);
    if (r.live.waits.length || r.live.warnings.length) {
      out.push('<ul>', ...r.live.waits.map((w) => `<li>${h(waitLine(w))}</li>`), ...r.live.warnings.map((w) => `<li class="violation">warning: ${h(w)}</li>`), '</ul>');
    }
  }
  out.push(
    '<table class="objectives"><thead><tr><th>status</th><th>objective</th><th>SOA-C03</th><th>weight</th><th>evidence</th></tr></thead><tbody>',
    ...r.objectives.map((o) => objectiveRow(r, o)),
    '</tbody></table>',
    '<h3>Scope diff against the pristine lab</h3>',
  );
  if (r.scope.changes.length === 0) out.push('<p class="muted scope-none">No resource changed.</p>');
  else {
    out.push(
      '<table class="changes"><thead><tr><th>change</th><th>construct</th><th>type</th><th>properties</th></tr></thead><tbody>',
      ...r.scope.changes.map((c) =>
        `<tr class="change" data-construct="${h(c.constructId)}"><td>${h(c.kind)}</td><td><code>${h(c.path || c.constructId)}</code></td><td>${h(c.type)}</td>` +
        `<td>${h(c.properties.join(', '))}${c.replacedBy?.length ? ` (replaced by ${h(c.replacedBy.join(', '))})` : ''}</td></tr>`,
      ),
      '</tbody></table>',
    );
  }
  if (r.scope.violations.length) out.push('<ul class="violations">', ...r.scope.violations.map((v) => `<li class="violation">Out of scope: ${h(v)}</li>`), '</ul>');
  out.push('<h3>Acknowledgements in the lab</h3>');
  if (r.acknowledgements.length === 0) out.push('<p class="muted">None.</p>');
  else {
    out.push(
      '<p class="muted">The grader ignores them: it re-runs cdk-nag and still counts every rule.</p>',
      '<table class="acknowledgements"><thead><tr><th>rule</th><th>path</th><th>reason given</th><th>made by</th></tr></thead><tbody>',
      ...r.acknowledgements.map((a) => `<tr class="acknowledgement"><td><code>${h(a.rule)}</code></td><td><code>${h(a.path)}</code></td><td>${h(a.reason)}</td><td>${a.byLab ? 'the pristine lab' : 'not the pristine lab'}</td></tr>`),
      '</tbody></table>',
    );
  }
  out.push('</section>');
  return out.join('\n');
}

function objectiveRow(r: ReportedResult, o: ObjectiveResult): string {
  const checks = o.checks.map((c) => {
    const head = `<li class="check ${c.status}" data-check="${h(c.id)}"><span class="status">${STATUS[c.status]}</span> ${isLiveCheck(c) ? 'live ' : ''}check <code>${h(c.id)}</code>: ${h(c.message)}`;
    if (!isLiveCheck(c)) return `${head}</li>`;
    const evidence = c.evidence.map((e) => `<li class="evidence"><code>${h(evidenceLine(e, 400))}</code>${evidenceDetails(e)}</li>`);
    const waits = c.waits.map((w) => `<li>${h(waitLine(w))}</li>`);
    return `${head}${evidence.length || waits.length ? `<ul>${[...evidence, ...waits].join('')}</ul>` : ''}</li>`;
  });
  const drift = ((o as LiveObjectiveResult).drift ?? []).map((d) => `<li class="violation">drift: ${h(d)}</li>`);
  return [
    `<tr class="objective ${o.status}" data-objective="${h(`${r.drill}/${o.id}`)}" data-status="${o.status}">`,
    `<td class="status">${STATUS[o.status]}</td>`,
    `<td><strong class="objective-title">${h(o.title)}</strong><br><code>${h(o.id)}</code></td>`,
    `<td>${h(o.soaTask)}</td><td>${o.weight}</td>`,
    `<td><p class="message">${o.status === 'error' ? 'Could not be verified: ' : ''}${h(o.message)}</p><p class="hint">Hint: ${h(o.hint)}</p>`,
    `<ul class="checks">${checks.join('')}${drift.join('')}</ul></td>`,
    '</tr>',
  ].join('');
}

/** The API call's request and the fields judged, whole, folded away. */
function evidenceDetails(e: LiveEvidence): string {
  const json = clip(JSON.stringify({ call: e.call, request: e.request, observed: e.observed }, null, 2), 8000);
  return `<details><summary>request and fields judged</summary><pre>${json.split('\n').map((l) => h(l, 8000)).join('\n')}</pre></details>`;
}
