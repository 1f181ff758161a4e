/** Reading model files (JSON, "format": "ebm-model/1"). */
import { readFileSync } from 'node:fs';
import { setModelFromJson, type SetModel } from './setModel.ts';
import { permModelFromJson, type PermModel } from './permModel.ts';
import { invalidParameterError, rangeError } from '../errors.ts';

export type Model = SetModel | PermModel;

export function modelFromJson(json: unknown, name = 'model'): Model {
  if (typeof json !== 'object' || json === null || Array.isArray(json)) throw invalidParameterError(name, 'object', json, 'type');
  const o = json as Record<string, unknown>;
  if (o.format !== 'ebm-model/1') throw invalidParameterError(`${name}.format`, '"ebm-model/1"', o.format);
  if (o.space === 'set') return setModelFromJson(o, name);
  if (o.space === 'permutation') return permModelFromJson(o, name);
  throw invalidParameterError(`${name}.space`, '"set" or "permutation"', o.space);
}

export function readModel(path: string): Model {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    throw rangeError(`Cannot read model file ${path}: ${(e as Error).message}`);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    throw rangeError(`Expected JSON in model file ${path}: ${(e as Error).message}`);
  }
  return modelFromJson(json, path);
}
