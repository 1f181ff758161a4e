/** Clamps of set and permutation models: per item a fixed value (0/1, or a slot), -1 when the item is free. */
import { describe, rangeError } from '../errors.ts';

/** The item of a clamp key: a canonical index in [0, n) ("3", not "03", "3.0" or " 3": JSON keys are text). */
export function clampItem(key: string, n: number, name: string): number {
  const i = Number(key);
  if (!/^(0|[1-9]\d*)$/.test(key) || i >= n) throw rangeError(`Expected item index in [0, ${n - 1}] for ${name} key but received ${describe(key)}`);
  return i;
}

/** The model-file form of a clamp: {item: value} for the clamped items only. */
export function clampToJson(clamp: Int8Array | Int32Array): Record<string, number> {
  const out: Record<string, number> = {};
  clamp.forEach((v, i) => {
    if (v >= 0) out[String(i)] = v;
  });
  return out;
}
