/**
 * The dashboard in a real browser: Debian's Chromium driven by playwright-core (never a downloaded browser;
 * the test fails, not skips, when /usr/bin/chromium is missing). It submits a QAPLIB file, watches the Vega-Lite
 * chart gain points over SSE, cancels, saves a screenshot under test/output/, then runs a pasted model.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { smallServer, listen, setModelJson } from './helpers.ts';

const CHROMIUM = '/usr/bin/chromium';
const output = fileURLToPath(new URL('../output/', import.meta.url));
const nug12Path = fileURLToPath(new URL('../../data/nug12.dat', import.meta.url));

test('dashboard: submit a QAPLIB file, the chart updates live, cancel, screenshot; a pasted model runs to done', async () => {
  assert.ok(existsSync(CHROMIUM), `${CHROMIUM} is missing: install Debian's chromium (apt-get install chromium); .ci/run does`);
  const app = smallServer({ token: 'dash-token', caps: { maxTimeLimitMs: 60_000 } });
  const base = await listen(app);
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'] });
  try {
    const page = await browser.newPage({ viewport: { width: 1000, height: 900 } });
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(base);
    await page.fill('#token', 'dash-token');
    await page.selectOption('#kind', 'qap');
    await page.setInputFiles('#file', nug12Path);
    await page.fill('#time', '30000');
    await page.click('#go');
    // Points reach the chart's data set, and the SVG draws them.
    // Page code as strings: it runs in the browser, where this file's (DOM-less) types do not apply.
    await page.waitForFunction('window.dashboard.points >= 3', undefined, { timeout: 15_000 });
    const drawn = (await page.evaluate("window.dashboard.view.data('progress').length")) as number;
    assert.ok(drawn >= 3, `${drawn} points in the chart`);
    assert.ok((await page.locator('#chart svg path').count()) > 0, 'the chart has an SVG line');
    await page.click('#cancel');
    await page.waitForFunction("/cancelled/.test(document.getElementById('status').textContent)", undefined, { timeout: 5000 });
    assert.equal(await page.isEnabled('#download'), true, 'the best-so-far can be downloaded');
    const [download] = await Promise.all([page.waitForEvent('download'), page.click('#download')]);
    assert.match(download.suggestedFilename(), /^qap-.*\.json$/);
    await page.waitForFunction("document.querySelectorAll('#jobs tbody tr').length >= 1", undefined, { timeout: 5000 });
    mkdirSync(output, { recursive: true });
    await page.screenshot({ path: `${output}dashboard.png`, fullPage: true });
    // A pasted model (no file) runs to done.
    await page.setInputFiles('#file', []);
    await page.selectOption('#kind', 'minimize');
    await page.fill('#text', JSON.stringify(setModelJson));
    await page.fill('#time', '300');
    await page.click('#go');
    await page.waitForFunction("/minimize job .*: done/.test(document.getElementById('status').textContent)", undefined, { timeout: 10_000 });
    assert.deepEqual(errors, []);
  } finally {
    await browser.close();
    await app.close();
  }
});
