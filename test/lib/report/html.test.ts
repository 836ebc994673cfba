import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { pathToFileURL } from 'url';
import { BrowserContext, chromium, Page } from 'playwright-core';
import { Report, reviewLine, reviewOf } from '../../../lib/report';
import { renderHtml } from '../../../lib/report/html';
import { drill, hostileReport, objective, rawUnsafe, sampleReport, reportOf } from './fixtures';
import { CHROMIUM, describeWithTool } from './tools';

describe('html report text', () => {
  test('one self-contained page: inline CSS, no script, no external reference, a policy that loads nothing', () => {
    const html = renderHtml(sampleReport());
    expect(html).toMatch(/^<!DOCTYPE html>\n<html lang="en">/);
    expect(html).toContain(`<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'`);
    expect(html).not.toMatch(/<script|<link|<img|<iframe|<object|<embed|@import|url\(/i);
    // The only links are to the page's own sections.
    expect(html).not.toMatch(/\b(?:src|srcset|action|data|poster)=|href="(?!#)/i);
  });
  test('student text leaves no raw control character and no markup', () => {
    const html = renderHtml(hostileReport());
    expect(rawUnsafe(html)).toBeUndefined();
    expect(html).not.toMatch(/<script|<img|<!-- comment/);
  });
});

// As root Chromium needs --no-sandbox; the rest keep it from calling home. Playwright adds --headless
// and the fresh --user-data-dir of a persistent context.
const FLAGS = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

describeWithTool(CHROMIUM, 'html report in headless Chromium', () => {
  let dir: string;
  let context: BrowserContext;
  let pages = 0;
  /** Every request a page made other than loading its own file. */
  let requests: string[] = [];

  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'awswo-html-'));
    context = await chromium.launchPersistentContext(path.join(dir, 'profile'), { executablePath: CHROMIUM.path, headless: true, args: FLAGS });
    context.on('request', (r) => {
      if (!r.url().startsWith(pathToFileURL(dir).href)) requests.push(r.url());
    });
    // Nothing may leave the page: anything that tries is recorded above and stopped here.
    await context.route(/^(?!file:)/, (route) => route.abort());
  });
  afterAll(async () => {
    await context?.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  async function open(html: string): Promise<Page> {
    requests = [];
    const file = path.join(dir, `report-${++pages}.html`);
    fs.writeFileSync(file, html);
    const page = await context.newPage();
    await page.goto(pathToFileURL(file).href, { waitUntil: 'load' });
    return page;
  }

  /** Where `inner` ends, as a share of `outer`'s width (a bar's fill), or where it starts (the pass line). */
  async function share(page: Page, outer: string, inner: string, edge: 'right' | 'left'): Promise<number> {
    const o = (await page.locator(outer).boundingBox())!;
    const i = (await page.locator(inner).boundingBox())!;
    return ((edge === 'right' ? i.x + i.width : i.x) - o.x) / o.width;
  }

  describe('a report with every status', () => {
    const report = sampleReport();
    let page: Page;
    beforeAll(async () => {
      page = await open(renderHtml(report));
    });

    test('the scaled score, its bar and the 720 pass line at their places on the 100–1000 scale', async () => {
      expect(await page.textContent('#scaled-score')).toBe(String(report.score.scaled));
      expect(await page.textContent('#pass-mark')).toBe('720');
      expect(await page.textContent('#pass-line')).toBe('pass 720');
      expect(await share(page, '#score-scale', '#pass-line', 'left')).toBeCloseTo((720 - 100) / 900, 2);
      expect(await share(page, '#score-scale', '#score-fill', 'right')).toBeCloseTo((report.score.scaled - 100) / 900, 2);
    });

    test('never certified: "ready for instructor review" at best, here not even that', async () => {
      const text = (await page.textContent('body'))!;
      expect(await page.textContent('#readiness')).toBe('Not ready for instructor review: 1 objective could not be verified');
      expect(text).not.toMatch(/certified/i);
      expect(text).toContain('A score never certifies');
    });

    test('a bar per SOA-C03 domain, as wide as its share', async () => {
      const rows = page.locator('tr.domain');
      expect(await rows.count()).toBe(5);
      const shares: Record<string, string> = {};
      for (let i = 0; i < 5; i++) {
        const row = rows.nth(i);
        const id = (await row.getAttribute('data-domain'))!;
        const percent = (await row.getAttribute('data-percent'))!;
        shares[id] = percent;
        if (percent === '') {
          expect(await row.textContent()).toContain('not graded here');
          continue;
        }
        const sel = `tr.domain[data-domain="${id}"]`;
        expect(await share(page, `${sel} .bar`, `${sel} .bar-fill`, 'right')).toBeCloseTo(Number(percent) / 100, 2);
        expect(await row.textContent()).toContain(`${percent}%`);
      }
      // Domain 1: runbook (error, 1) and alarm-action (fail, 3); domain 4: 3 + 2 of 7 pass.
      expect(shares).toEqual({ 1: '0', 2: '', 3: '', 4: '71', 5: '' });
    });

    test('every objective with its status, message, hint and each check result', async () => {
      const all = report.results.flatMap((r) => r.objectives.map((o) => ({ r, o })));
      expect(await page.locator('tr.objective').count()).toBe(all.length);
      for (const { r, o } of all) {
        const row = page.locator(`tr.objective[data-objective="${r.drill}/${o.id}"]`);
        expect(await row.locator('td.status').textContent()).toBe({ pass: 'PASS', fail: 'FAIL', error: 'ERROR' }[o.status]);
        expect(await row.locator('.objective-title').textContent()).toBe(o.title);
        expect(await row.locator('.message').textContent()).toBe(`${o.status === 'error' ? 'Could not be verified: ' : ''}${o.message}`);
        expect(await row.locator('.hint').textContent()).toBe(`Hint: ${o.hint}`);
        expect(await row.locator('li.check').count()).toBe(o.checks.length);
        for (const c of o.checks) expect(await row.locator(`li.check[data-check="${c.id}"]`).textContent()).toContain(c.message);
      }
    });

    test('live evidence, waits and drift where the drill was checked live', async () => {
      const row = page.locator('tr.objective[data-objective="silent-alarms/alarm-action"]');
      expect(await row.locator('li.evidence code').textContent()).toBe('cloudwatch:DescribeAlarms AlarmNames=[awswo-alice-errors] → AlarmActions: [], StateValue: OK');
      expect(await row.locator('li.evidence pre').textContent()).toContain('"StateValue": "OK"');
      expect(await row.textContent()).toContain('waited 1.5 s for the alarm to exist (3 polls)');
      expect(await row.textContent()).toContain('drift: ErrorsAlarm: AlarmActions changed outside CloudFormation');
      expect(await page.locator('#drill-silent-alarms .live').textContent()).toContain('live: stack awswo-alice-silent-alarms (UPDATE_COMPLETE) in eu-west-1');
    });

    test('the scope diff, its violations and the acknowledgements', async () => {
      const section = page.locator('#drill-iam-wildcard-role');
      expect(await section.locator('tr.change').count()).toBe(2);
      expect(await section.locator('tr.change[data-construct="ReportsBucket"]').textContent()).toContain('replaced');
      expect(await section.locator('.violation').textContent()).toBe('Out of scope: ReportsBucket (AWS::S3::Bucket) would be replaced (BucketName changed): its data would be lost');
      const acks = section.locator('tr.acknowledgement');
      expect(await acks.count()).toBe(2);
      expect(await acks.nth(0).textContent()).toContain('LAB: the student says it is fine');
      expect(await acks.nth(0).locator('td').last().textContent()).toBe('not the pristine lab');
      expect(await acks.nth(1).locator('td').last().textContent()).toBe('the pristine lab');
      expect(await page.locator('#drill-access-denied-parameter .scope-none').textContent()).toBe('No resource changed.');
    });

    test('a review state per drill: NOT REVIEWED unless one is recorded', async () => {
      for (const r of report.results) {
        expect(await page.locator(`#drill-${r.drill} .review`).getAttribute('data-review-state')).toBe(reviewOf(r).state);
        expect(await page.locator(`#drill-${r.drill} .review`).textContent()).toBe(reviewLine(reviewOf(r)));
      }
      expect(await page.locator('#drill-access-denied-parameter .review').textContent()).toBe('APPROVED by ana at 2025-06-02T09:00:00Z');
    });

    test('no script and no request left the page', async () => {
      // (Strings: the project's TypeScript has no DOM types.)
      expect(await page.evaluate('document.scripts.length')).toBe(0);
      expect(requests).toEqual([]);
    });
  });

  test('every objective passing: ready for instructor review, the bar full, still not certified', async () => {
    const page = await open(renderHtml(reportOf([drill('d', [objective('a', 'pass'), objective('b', 'pass')])], '/w')));
    expect(await page.textContent('#readiness')).toBe('Ready for instructor review');
    expect(await share(page, '#score-scale', '#score-fill', 'right')).toBeCloseTo(1, 2);
    expect(await share(page, '#score-scale', '#pass-line', 'left')).toBeCloseTo((720 - 100) / 900, 2);
    expect(await page.textContent('body')).not.toMatch(/certified/i);
  });

  describe('the worst student input', () => {
    const report: Report = hostileReport();
    let page: Page;
    beforeAll(async () => {
      page = await open(renderHtml(report));
    });
    test('stays text: no script ran, no element was injected, no request left', async () => {
      expect(await page.evaluate('typeof window.__pwned')).toBe('undefined');
      expect(await page.locator('script, img, iframe, object, embed, link, a[href]:not([href^="#"])').count()).toBe(0);
      expect(requests).toEqual([]);
    });
    test('control characters are shown as escapes, markup as text, and every objective is there', async () => {
      const text = (await page.textContent('body'))!;
      expect(text).toContain('a\\x00b \\x1b[31mred\\x1b[0m \\x07bell');
      expect(text).toContain('<script>window.__pwned = 1</script>');
      expect(text).toContain('\\u202eevil');
      expect(rawUnsafe(text.replace(/\n/g, ' '))).toBeUndefined();
      expect(await page.locator('tr.objective').count()).toBe(report.results.reduce((n, r) => n + r.objectives.length, 0));
    });
  });

  test('the network check can fail: a page that does load something is caught', async () => {
    const leaky = renderHtml(sampleReport()).replace(/<meta http-equiv="Content-Security-Policy"[^>]*>/, '').replace('</body>', '<img src="http://127.0.0.1:9/leak.png"></body>');
    await open(leaky);
    expect(requests).toEqual(['http://127.0.0.1:9/leak.png']);
  });
});
