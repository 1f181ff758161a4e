/** ebm minimize: the energy it prints is the model's energy of its state, fixed work repeats, bad input exits 2. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { setModelToJson } from '../../src/energies/setModel.ts';
import { randomSetModel, runEbm, tempFolder } from '../helpers.ts';

const folder = tempFolder('ebm-minimize-');
const model = randomSetModel({ n: 40, seed: 9, dense: true });
const file = folder.file('m40.json', JSON.stringify(setModelToJson(model)));
const perm = folder.file('perm.json', JSON.stringify({ format: 'ebm-model/1', space: 'permutation', n: 4, beta: 1, linear: [[3, 1, 2, 0], [0, 3, 1, 2], [2, 0, 3, 1], [1, 2, 0, 3]] }));

test('ebm minimize --json: the energy is the model energy of the state; --rounds is fixed work', () => {
  const r = runEbm(['minimize', file, '--rounds', '500', '--seed', '4', '--chains', '2', '--json']);
  assert.equal(r.code, 0, r.stderr);
  const out = JSON.parse(r.stdout);
  assert.equal(out.space, 'set');
  assert.equal(out.state.length, 40);
  assert.ok(Math.abs(model.energy(out.state) - out.energy) < 1e-9 * (1 + Math.abs(out.energy)), `energy ${out.energy} vs ${model.energy(out.state)}`);
  assert.equal(out.stopped, 'done');
  assert.equal(out.rounds, 500);
  // The same seed and two chains on two worker threads: the same answer.
  const split = runEbm(['minimize', file, '--rounds', '500', '--seed', '4', '--chains', '2', '--workers', '2', '--json']);
  assert.equal(split.code, 0, split.stderr);
  // (The ladder statistics with workers are the first part's, as the pool reports them.)
  const answer = ({ state, energy, chainOfBest, rounds, stopped }: Record<string, unknown>) => ({ state, energy, chainOfBest, rounds, stopped });
  assert.deepEqual(answer(JSON.parse(split.stdout)), answer(out));
});

test('ebm minimize on a permutation model: the assignment optimum, as text', () => {
  const r = runEbm(['minimize', perm, '--rounds', '200']);
  assert.equal(r.code, 0, r.stderr);
  // linear[i][j]: item i in slot j; the zeros are at 0->3, 1->0, 2->1, 3->2.
  assert.match(r.stdout, /^energy 0 on .*\nstate \(item -> slot\): 3 0 1 2\n$/);
});

test('ebm minimize: bad input exits 2 naming the flag', () => {
  for (const [args, message] of [
    [['--time', '0'], /--time/],
    [['--rounds', '1.5'], /--rounds/],
    [['--chains', '0'], /--chains/],
    [['--method', 'gibbs'], /--method/],
  ] as [string[], RegExp][]) {
    const r = runEbm(['minimize', file, ...args]);
    assert.equal(r.code, 2, `${args.join(' ')}: ${r.stderr}`);
    assert.match(r.stderr, message);
  }
});
