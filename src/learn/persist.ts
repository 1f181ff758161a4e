/**
 * Saving and loading a learned model: DIR/model.json, `"format": "ebm-learned/1"`, holding the structure,
 * the feature standardizer fit on the training rows, both networks' weights and the training options.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadBackend } from './backend.ts';
import { EbmNetworks, networksOf } from './models.ts';
import { makeStructure, type StructureKind } from './structures.ts';
import type { LearnedModel, LossKind, MlpConfig } from './types.ts';
import { rangeError } from '../errors.ts';

export const LEARNED_FORMAT = 'ebm-learned/1';

export interface NetworkJson {
  config: MlpConfig;
  weights: { W: number[]; b: number[] }[];
}

export interface LearnedModelJson {
  format: typeof LEARNED_FORMAT;
  model: StructureKind;
  k: number;
  d: number;
  loss: LossKind;
  labelNames?: string[];
  standardizer: { mean: number[]; std: number[] };
  energy: NetworkJson;
  tau: NetworkJson;
  options: Record<string, unknown>;
}

export function saveModel(dir: string, model: LearnedModel, extra: { labelNames?: string[] } = {}): string {
  const networks = networksOf(model);
  mkdirSync(dir, { recursive: true });
  const json: LearnedModelJson = {
    format: LEARNED_FORMAT,
    model: model.structure.kind,
    k: model.structure.k,
    d: model.d,
    loss: model.loss,
    ...(extra.labelNames && { labelNames: extra.labelNames }),
    standardizer: { mean: Array.from(model.standardizer.mean), std: Array.from(model.standardizer.std) },
    energy: networks.energy.toJSON(),
    tau: networks.tau.toJSON(),
    options: { ...model.options },
  };
  const path = join(dir, 'model.json');
  writeFileSync(path, JSON.stringify(json));
  return path;
}

/** @throws RangeError when the file is not an ebm-learned/1 model or its shapes disagree */
export async function loadModel(dir: string): Promise<{ model: LearnedModel; json: LearnedModelJson; backend: string }> {
  const path = join(dir, 'model.json');
  const json = JSON.parse(readFileSync(path, 'utf8')) as LearnedModelJson;
  if (json?.format !== LEARNED_FORMAT) throw rangeError(`Expected "format": "${LEARNED_FORMAT}" in ${path} but received ${JSON.stringify(json?.format)}`);
  const { backend } = await loadBackend();
  const structure = makeStructure(json.model, json.k);
  const e = json.energy.config;
  if (e.inputs !== json.d || e.outputs !== structure.m) throw rangeError(`Expected an energy network ${json.d} -> ${structure.m} in ${path} but received ${e.inputs} -> ${e.outputs}`);
  const networks = new EbmNetworks({ inputs: json.d, outputs: structure.m, hidden: e.hidden, dropout: 0, tauHidden: json.tau.config.hidden }, 1);
  networks.energy.load(json.energy.weights);
  networks.tau.load(json.tau.weights);
  const standardizer = { mean: Float64Array.from(json.standardizer.mean), std: Float64Array.from(json.standardizer.std) };
  const model = { structure, networks, standardizer, d: json.d, loss: json.loss, options: json.options } as unknown as LearnedModel;
  return { model, json, backend };
}
