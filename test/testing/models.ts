/** The models of the power tests: a dense-ish set model with a clamp and a QAP + linear permutation model with a clamp. */
import { setModel, type SetModel } from '../../src/energies/setModel.ts';
import { permModel, type PermModel } from '../../src/energies/permModel.ts';
import { rng, randomValue } from '../helpers.ts';

/** Set model spec: n = 8, all pairs coupled, item 3 clamped to 1; edge (0, 1) has weight 1 (the flipped sign). */
export function setSpec(seed = 11): Parameters<typeof setModel>[0] & { edges: [number, number, number][] } {
  const value = randomValue(rng(seed), 0.7, false);
  const n = 8;
  const edges: [number, number, number][] = [];
  for (let i = 0; i < n; i++) for (let j = i + 1; j < n; j++) edges.push([i, j, i === 0 && j === 1 ? 1 : value()]);
  return { n, unary: Array.from({ length: n }, value), edges, clamp: { 3: 1 } };
}

/** Permutation model spec: n = 5, linear and QAP parts, item 4 clamped to slot 2; flow[0][1] = 1 (the flipped sign). */
export function permSpec(seed = 12): Parameters<typeof permModel>[0] & { qap: { flow: number[][]; distance: number[][] } } {
  const value = randomValue(rng(seed), 0.5, false);
  const n = 5;
  const matrix = () => Array.from({ length: n }, () => Array.from({ length: n }, value));
  const flow = matrix();
  flow[0]![1] = 1;
  return { n, linear: matrix(), qap: { flow, distance: matrix() }, clamp: { 4: 2 } };
}

export const baseSet = (): SetModel => setModel(setSpec());
export const basePerm = (): PermModel => permModel(permSpec());
