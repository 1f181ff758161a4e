/** Reading model files (JSON, "format": "ebm-model/1"). */
import { SetModel, setModelFromJson } from './setModel.ts';
import { PermModel, permModelFromJson } from './permModel.ts';
import { invalidParameterError, requirePlainData } from '../errors.ts';
import { readTextFile } from '../data/readText.ts';
import { parseJson } from '../data/json.ts';

export type Model = SetModel | PermModel;

/**
 * Asserts a model made by setModel, permModel or readModel (the front doors read its validated layout, so a
 * look-alike object or null is a TypeError naming the argument, not "Cannot read properties of null"), whose
 * native layout is still plain data: a field overwritten with a function or Symbol would reach a worker thread
 * as a DataCloneError naming nothing.
 */
export function requireModel<M extends Model>(model: M, name = 'model'): M {
  if (!(model instanceof SetModel || model instanceof PermModel)) throw invalidParameterError(name, 'a SetModel or PermModel (from setModel, permModel or readModel)', model, 'type');
  requirePlainData(name, model.toNative());
  return model;
}

export function modelFromJson(json: unknown, name = 'model'): Model {
  if (typeof json !== 'object' || json === null || Array.isArray(json)) throw invalidParameterError(name, 'object', json, 'type');
  const o = json as Record<string, unknown>;
  if (o.format !== 'ebm-model/1') throw invalidParameterError(`${name}.format`, '"ebm-model/1"', o.format);
  if (o.space === 'set') return setModelFromJson(o, name);
  if (o.space === 'permutation') return permModelFromJson(o, name);
  throw invalidParameterError(`${name}.space`, '"set" or "permutation"', o.space);
}

/**
 * Reads a model file (JSON, "format": "ebm-model/1"; see the README's "Model file format").
 * @param path - the file; error messages name it.
 * @returns a `SetModel` ("space": "set") or a `PermModel` ("space": "permutation"); tell them apart by `space`.
 * @example
 * ```ts
 * import { writeFileSync } from 'node:fs';
 * import { tmpdir } from 'node:os';
 * import { join } from 'node:path';
 * import { readModel, logPartition } from 'discrete-ebm';
 * const path = join(tmpdir(), 'two-items.json');
 * const json = { format: 'ebm-model/1', space: 'set', n: 2, unary: [0, 1], pairwise: { edges: [[0, 1, -2]] } };
 * writeFileSync(path, JSON.stringify(json));
 * const model = readModel(path); // model.space === 'set'
 * (await logPartition(model)).logZ; // log(1 + e^0 + e^-1 + e^1) = 1.6265 (states 00, 10, 01, 11)
 * ```
 * @throws RangeError, code EBM_INVALID_INPUT, when the file cannot be read ("Cannot read model file ...") or is
 * not JSON, for a wrong format or space, an unknown key, or an invalid field (as `setModel`/`permModel`).
 * @throws TypeError, code EBM_INVALID_INPUT, when the JSON is not an object or a field has the wrong type.
 */
export function readModel(path: string): Model {
  return parseModel(readTextFile(path, 'model'), path);
}

/** A model from the text of a model file; `source` names it in error messages. Throws as `readModel`. */
export function parseModel(text: string, source: string): Model {
  return modelFromJson(parseJson(text, source, 'a model file (JSON)'), source);
}
