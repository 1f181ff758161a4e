/** ebm check MODEL COUNTS: counts from `ebm sample` pass (exit 0), doctored counts fail (exit 1), bad input exits 2. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { runEbm, tempFolder } from '../helpers.ts';

const { dir, file } = tempFolder('ebm-check-');

const ebm = (...args: string[]) => runEbm(args);

const setJson = { format: 'ebm-model/1', space: 'set', n: 4, unary: [1, -0.5, 0.3, 0], pairwise: { edges: [[0, 1, 1.2], [2, 3, -0.8]] }, clamp: { 2: 1 } };
const permJson = { format: 'ebm-model/1', space: 'permutation', n: 4, linear: [[0, 1, 2, 0.5], [1, 0, 1, 2], [2, 1, 0, 1], [0.3, 2, 1, 0]] };

for (const [name, json] of [['set', setJson], ['permutation', permJson]] as const) {
  test(`${name}: ebm sample --json output passes ebm check, whole or its counts; doctored counts fail`, () => {
    const model = file(`${name}.json`, JSON.stringify(json));
    const s = ebm('sample', model, '--samples', '100000', '--seed', '4', '--json');
    assert.equal(s.code, 0, s.stderr);
    const whole = file(`${name}-sample.json`, s.stdout);
    const ok = ebm('check', model, whole, '--json');
    assert.equal(ok.code, 0, ok.stdout + ok.stderr);
    const out = JSON.parse(ok.stdout);
    assert.equal(out.pass, true);
    assert.equal(out.samples, 100_000);
    const counts: Record<string, number> = JSON.parse(s.stdout).counts;
    assert.equal(ebm('check', model, file(`${name}-counts.json`, JSON.stringify(counts))).code, 0);
    // 5% of the most frequent state's samples moved to the least frequent one.
    const keys = Object.keys(counts).sort((a, b) => counts[b]! - counts[a]!);
    const moved = Math.round(counts[keys[0]!]! * 0.05);
    const doctored = { ...counts, [keys[0]!]: counts[keys[0]!]! - moved, [keys.at(-1)!]: counts[keys.at(-1)!]! + moved };
    const bad = ebm('check', model, file(`${name}-doctored.json`, JSON.stringify(doctored)));
    assert.equal(bad.code, 1, bad.stdout + bad.stderr);
    assert.match(bad.stdout, /^FAIL/);
    assert.match(bad.stdout, /state\s+expected\s+observed/);
  });
}

test('JSON lines of states; an impossible state fails; bad files exit 2', () => {
  const model = file('lines-model.json', JSON.stringify(setJson));
  const lines = file('lines.jsonl', '[0, 1, 1, 0]\n[1, 0, 1, 1]\n[0, 0, 0, 0]\n');
  const r = ebm('check', model, lines, '--json');
  assert.equal(r.code, 1);
  assert.equal(JSON.parse(r.stdout).impossibleStates, 1);
  assert.equal(ebm('check', model, file('garbage.json', '{ not json')).code, 2);
  assert.equal(ebm('check', model, file('badkey.json', '{"01x0": 3}')).code, 2);
  assert.equal(ebm('check', model, join(dir, 'missing.json')).code, 2);
  assert.equal(ebm('check', model, lines, '--alpha', '7').code, 2);
});
