/** --plot FILE.svg: the service's Vega-Lite specs rendered to SVG in Node, for qap, maxcut, sample and train. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { renderSvg } from '../../src/service/svg.ts';
import { progressSpec } from '../../src/service/charts.ts';
import { setModelJson } from './helpers.ts';

const main = fileURLToPath(new URL('../../src/cli/main.ts', import.meta.url));
const data = (f: string) => fileURLToPath(new URL(`../../data/${f}`, import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'ebm-plot-'));

/** `ebm ARGS` from src/ (no dist/ needed), with --json --quiet. */
function ebm(...args: string[]): { code: number | null; json: Record<string, unknown>; stderr: string } {
  const r = spawnSync(process.execPath, ['--import', 'tsx', main, ...args, '--json', '--quiet'], { encoding: 'utf8' });
  return { code: r.status, json: r.stdout ? JSON.parse(r.stdout) : {}, stderr: r.stderr };
}

test('renderSvg draws the points of a progress spec', async () => {
  const svg = await renderSvg(progressSpec('t', 'best cost', [{ seconds: 0.1, best: 600 }, { seconds: 0.5, best: 578 }]));
  assert.match(svg, /^<svg/);
  assert.match(svg, /best cost/);
  assert.equal((svg.match(/<path[^>]*aria-roledescription="point"/g) ?? []).length, 2, 'one symbol per point');
});

test('ebm qap and maxcut --plot: best over time and PT swap acceptance in one SVG', () => {
  for (const [command, file, title] of [['qap', data('nug12.dat'), 'best cost'], ['maxcut', data('G1.txt'), 'best cut']] as const) {
    const out = join(dir, `${command}.svg`);
    const r = ebm(command, file, '--time', '0.6', '--plot', out);
    assert.equal(r.code, 0, r.stderr);
    const svg = readFileSync(out, 'utf8');
    assert.match(svg, /^<svg/);
    assert.ok(svg.includes(title) && svg.includes('PT swap acceptance per ladder pair'), command);
  }
});

test('ebm sample --plot: samples kept over time, the energy trace, PT swap acceptance, the most frequent states; an unwritable file is bad input (exit 2)', () => {
  const model = join(dir, 'model.json');
  writeFileSync(model, JSON.stringify(setModelJson));
  const out = join(dir, 'sample.svg');
  const plotted = ebm('sample', model, '--samples', '2000', '--plot', out);
  assert.equal(plotted.code, 0);
  const gibbs = readFileSync(out, 'utf8');
  assert.match(gibbs, /most frequent states/);
  assert.match(gibbs, /samples kept over time/);
  assert.match(gibbs, /energy of the kept samples/);
  assert.match(gibbs, /mean over chains/);
  assert.doesNotMatch(gibbs, /swap acceptance/, 'Gibbs has no ladder');
  // The rows kept for the trace are tallied to the same counts as without --plot.
  assert.deepEqual(plotted.json.counts, ebm('sample', model, '--samples', '2000').json.counts);
  // PT, with and without workers: the swap acceptance per ladder pair joins the chart; with workers only the
  // tallies come back, so there is no energy trace.
  for (const workers of [[], ['--workers', '2']]) {
    assert.equal(ebm('sample', model, '--samples', '2000', '--method', 'pt', ...workers, '--plot', out).code, 0);
    const svg = readFileSync(out, 'utf8');
    assert.match(svg, /PT swap acceptance per ladder pair/);
    if (workers.length > 0) assert.doesNotMatch(svg, /energy of the kept samples/);
    else assert.match(svg, /energy of the kept samples/);
  }
  const bad = ebm('sample', model, '--samples', '10', '--plot', join(dir, 'no', 'such', 'dir.svg'));
  assert.equal(bad.code, 2);
  assert.match(String(bad.json.error), /Cannot write --plot file/);
});

test('ebm train multilabel --plot: loss and validation score per epoch, and tau(x) against exact log Z', () => {
  const out = join(dir, 'train.svg');
  const r = ebm('train', 'multilabel', '--train', data('emotions-train.arff'), '--test', data('emotions-test.arff'), '--xml', data('emotions.xml'), '--epochs', '3', '--plot', out);
  assert.equal(r.code, 0, r.stderr);
  const svg = readFileSync(out, 'utf8');
  assert.ok(svg.includes('training loss') && svg.includes('validation F1 (example)'));
  // The tau(x) panel: test rows against the exact log Z of the learned energy, with the MAE in its title.
  assert.match(svg, /tau\(x\) against exact log Z\(x\), test rows \(MAE \d+\.\d{3}/);
});
