/**
 * The energy model E = -g of one head output theta(x), in the form the native samplers take: a set model for
 * set structures, a linear permutation model for ranking structures (free of tfjs, like structures.ts).
 */
import { PairwiseStructure, type Structure } from './structures.ts';
import { setModel, type SetModel } from '../energies/setModel.ts';
import { permModel, type PermModel } from '../energies/permModel.ts';

/** Energy model (E = -g) of a set structure's head output, for the native sampler. */
export function setEnergy(structure: Structure, theta: Float32Array): SetModel {
  if (structure instanceof PairwiseStructure) return structure.energyModel(theta);
  return setModel({ n: structure.k, unary: Array.from(theta, (v) => -v) });
}

/** Energy model (E = -g) of a permutation structure's head output: linear costs C[j][s] = -(coefficient of [sigma_j = s] in g). */
export function permutationEnergy(structure: Structure, theta: Float32Array): PermModel {
  const k = structure.k;
  const C = new Float64Array(k * k);
  if (structure.kind === 'birkhoff') for (let t = 0; t < k * k; t++) C[t] = -theta[t]!;
  // Permutahedron: g = sum_j theta_j ((k-1)/2 - sigma_j), so E = sum_j theta_j sigma_j up to a constant.
  else for (let j = 0; j < k; j++) for (let s = 0; s < k; s++) C[j * k + s] = theta[j]! * s;
  return permModel({ n: k, linear: C });
}
