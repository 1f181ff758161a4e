/**
 * Saving and loading a learned model: DIR/model.json, `"format": "ebm-learned/1"`, holding the structure,
 * the feature standardizer fit on the training rows, both networks' weights and the training options.
 *
 * Saving never follows a symlink at DIR/model.json and never half-writes: the JSON goes to a new temp file in DIR
 * (opened with O_EXCL, 'wx'), then takes the name by link (fails if the name exists) or, with `force`, by
 * rename (replaces the name itself, never what a symlink there points to). Loading validates every field
 * and never echoes the file's text.
 */
import { linkSync, lstatSync, mkdirSync, renameSync, statSync, unlinkSync, writeFileSync, type Stats } from 'node:fs';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { loadBackend } from './backend.ts';
import { EbmNetworks, networksOf, requireWidths } from './models.ts';
import { makeStructure, MAX_LABELS, STRUCTURE_KINDS, type StructureKind } from './structures.ts';
import { LOSSES, TAU_INPUTS, type LearnedModel, type LossKind, type MlpConfig, type TauInput } from './types.ts';
import { describe, invalidParameterError, isInputError, rangeError, requireInteger, requireNumber, requireNumberArray, typeError } from '../errors.ts';
import { readTextFile } from '../data/readText.ts';
import { parseJson } from '../data/json.ts';

export const LEARNED_FORMAT = 'ebm-learned/1';

/** The one file of a model directory. */
export const MODEL_FILE = 'model.json';

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

export interface SaveOptions {
  labelNames?: string[];
  /** Replace an existing DIR/model.json (default false: refuse, naming the file). */
  force?: boolean;
}

/**
 * Asserts that a model can be saved in `dir` (call it before training, so a bad --save fails first): `dir` is a
 * directory or absent, and DIR/model.json is absent, or, with `force`, not a directory.
 * @returns the path of the model file.
 * @throws RangeError, code EBM_INVALID_INPUT, naming the path.
 */
export function checkSaveTarget(dir: string, force = false): string {
  if (typeof dir !== 'string' || dir === '') throw invalidParameterError('dir', 'a directory path', dir, 'type');
  const dirStat = statOrNull(dir, statSync);
  if (dirStat !== null && !dirStat.isDirectory()) throw rangeError(`Expected a directory to save the model in but ${dir} is a file`);
  const path = join(dir, MODEL_FILE);
  // lstat: a symlink at the name is itself the thing that exists (it is replaced with force, never followed).
  const fileStat = statOrNull(path, lstatSync);
  if (fileStat?.isDirectory()) throw rangeError(`Cannot save the model as ${path}: it is a directory`);
  if (fileStat !== null && !force) throw alreadyExists(path);
  return path;
}

function alreadyExists(path: string): RangeError {
  return rangeError(`Cannot save the model as ${path}: it already exists (--force, or force: true, replaces it)`);
}

function statOrNull(path: string, stat: (path: string) => Stats): Stats | null {
  try {
    return stat(path);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw rangeError(`Cannot save the model in ${path}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
  }
}

/**
 * Writes DIR/model.json (DIR is created when missing); refuses to replace an existing file unless `force`.
 * @returns the path written.
 * @throws RangeError, code EBM_INVALID_INPUT, when DIR is a file, the model file exists (without force), or the
 * write fails.
 */
export function saveModel(dir: string, model: LearnedModel, options: SaveOptions = {}): string {
  const networks = networksOf(model);
  const path = checkSaveTarget(dir, options.force === true);
  const json: LearnedModelJson = {
    format: LEARNED_FORMAT,
    model: model.structure.kind,
    k: model.structure.k,
    d: model.d,
    loss: model.loss,
    ...(options.labelNames && { labelNames: options.labelNames }),
    standardizer: { mean: Array.from(model.standardizer.mean), std: Array.from(model.standardizer.std) },
    energy: networks.energy.toJSON(),
    tau: networks.tau.toJSON(),
    options: { ...model.options },
  };
  const failed = (e: unknown) => rangeError(`Cannot save the model as ${path}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
  const temp = join(dir, `.${MODEL_FILE}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`);
  try {
    mkdirSync(dir, { recursive: true });
    // 'wx' is O_CREAT | O_EXCL: a name that exists, a symlink included, is an error rather than a file followed.
    writeFileSync(temp, JSON.stringify(json), { flag: 'wx', mode: 0o644 });
    if (options.force) renameSync(temp, path);
    else linkSync(temp, path); // EEXIST if another writer took the name since checkSaveTarget
  } catch (e) {
    throw (e as NodeJS.ErrnoException).code === 'EEXIST' ? alreadyExists(path) : failed(e);
  } finally {
    // The link's second name, or what a failed write left (after a rename there is nothing).
    unlinkQuietly(temp);
  }
  return path;
}

function unlinkQuietly(path: string): void {
  try {
    unlinkSync(path);
  } catch {
    // Renamed or never made: nothing to clean.
  }
}

/**
 * Loads DIR/model.json written by saveModel (`ebm train --save DIR`).
 * @throws RangeError, code EBM_INVALID_INPUT, when the file cannot be read or is not JSON (located by line and
 * column, its text never echoed), is not an ebm-learned/1 model, or a field is invalid (named, with the file).
 * @throws TypeError, code EBM_INVALID_INPUT, when a field has the wrong type.
 */
export async function loadModel(dir: string): Promise<{ model: LearnedModel; json: LearnedModelJson; backend: string }> {
  if (typeof dir !== 'string') throw invalidParameterError('dir', 'a directory path', dir, 'type');
  const path = join(dir, MODEL_FILE);
  const value = parseJson(readTextFile(path, 'model'), path, 'a learned model (JSON)');
  const format = (value as { format?: unknown } | null)?.format;
  if (format !== LEARNED_FORMAT) throw rangeError(`Expected "format": "${LEARNED_FORMAT}" in ${path} but received ${describe(format)}`);
  const { backend } = await loadBackend();
  const json = inFile(path, () => learnedJson(value as Record<string, unknown>));
  const structure = makeStructure(json.model, json.k);
  const e = json.energy.config;
  if (e.inputs !== json.d || e.outputs !== structure.m) throw rangeError(`Expected an energy network ${json.d} -> ${structure.m} in ${path} but received ${e.inputs} -> ${e.outputs}`);
  // Files from before tauInput have tau(x).
  const tauInput = (json.options as { tauInput?: unknown }).tauInput ?? 'x';
  if (!TAU_INPUTS.includes(tauInput as TauInput)) throw invalidParameterError(`options.tauInput in ${path}`, TAU_INPUTS.join(', '), tauInput);
  const tauInputs = tauInput === 'theta' ? structure.m : json.d;
  if (json.tau.config.inputs !== tauInputs || json.tau.config.outputs !== 1) throw rangeError(`Expected a tau network ${tauInputs} -> 1 in ${path} but received ${json.tau.config.inputs} -> ${json.tau.config.outputs}`);
  const networks = new EbmNetworks({ inputs: json.d, outputs: structure.m, hidden: e.hidden, dropout: 0, tauHidden: json.tau.config.hidden, tauInput: tauInput as TauInput }, 1);
  try {
    inFile(path, () => {
      networks.energy.load(json.energy.weights);
      networks.tau.load(json.tau.weights);
    });
  } catch (error) {
    networks.dispose();
    throw error;
  }
  const standardizer = { mean: Float64Array.from(json.standardizer.mean), std: Float64Array.from(json.standardizer.std) };
  const model = { structure, networks, standardizer, d: json.d, loss: json.loss, options: json.options } as unknown as LearnedModel;
  return { model, json, backend };
}

/** Runs `check`, naming the file at the end of its input errors (the fields keep their own names). */
function inFile<T>(path: string, check: () => T): T {
  try {
    return check();
  } catch (e) {
    if (!isInputError(e)) throw e;
    throw (e instanceof TypeError ? typeError : rangeError)(`${e.message} in ${path}`);
  }
}

/** The fields of a learned model file, each checked and named; the weight counts are checked by Mlp.load. */
function learnedJson(o: Record<string, unknown>): LearnedModelJson {
  const k = requireInteger('k', o.k, 1, MAX_LABELS);
  const d = requireInteger('d', o.d, 1, 1 << 24);
  if (!STRUCTURE_KINDS.includes(o.model as StructureKind)) throw invalidParameterError('model', STRUCTURE_KINDS.join(', '), o.model);
  if (!LOSSES.includes(o.loss as LossKind)) throw invalidParameterError('loss', LOSSES.join(', '), o.loss);
  const object = (name: string, v: unknown): Record<string, unknown> => {
    if (typeof v !== 'object' || v === null || Array.isArray(v)) throw invalidParameterError(name, 'object', v, 'type');
    return v as Record<string, unknown>;
  };
  const standardizer = object('standardizer', o.standardizer);
  requireNumberArray('standardizer.mean', standardizer.mean, d);
  // fitStandardizer writes 1 for a constant feature: a std <= 0 is an edited file whose features would divide by it.
  requireNumberArray('standardizer.std', standardizer.std, d).forEach((s, j) => requireNumber(`standardizer.std[${j}]`, s, Number.MIN_VALUE));
  if (o.labelNames !== undefined && !(Array.isArray(o.labelNames) && o.labelNames.length === k && o.labelNames.every((s) => typeof s === 'string')))
    throw invalidParameterError('labelNames', `array of ${k} strings`, o.labelNames, 'type');
  object('options', o.options);
  for (const net of ['energy', 'tau'] as const) {
    const config = object(`${net}.config`, object(net, o[net]).config);
    requireInteger(`${net}.config.inputs`, config.inputs, 0, 1 << 24);
    requireInteger(`${net}.config.outputs`, config.outputs, 1, 1 << 24);
    requireWidths(`${net}.config.hidden`, config.hidden);
    const weights = (o[net] as { weights?: unknown }).weights;
    if (!Array.isArray(weights)) throw invalidParameterError(`${net}.weights`, 'array of layers { W, b }', weights, 'type');
    weights.forEach((layer: unknown, l) => {
      const { W, b } = object(`${net}.weights[${l}]`, layer);
      requireNumberArray(`${net}.weights[${l}].W`, W);
      requireNumberArray(`${net}.weights[${l}].b`, b);
    });
  }
  return o as unknown as LearnedModelJson;
}
