/** Clamps of set and permutation models: per item a fixed value (0/1, or a slot), -1 when the item is free. */

/** The model-file form of a clamp: {item: value} for the clamped items only. */
export function clampToJson(clamp: Int8Array | Int32Array): Record<string, number> {
  const out: Record<string, number> = {};
  clamp.forEach((v, i) => {
    if (v >= 0) out[String(i)] = v;
  });
  return out;
}
