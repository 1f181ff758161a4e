/** Summaries over repeated runs (CV folds, seeds): the mean and the sample standard deviation. */

/** Arithmetic mean; NaN for no values. */
export function mean(values: readonly number[]): number {
  return values.reduce((a, b) => a + b, 0) / values.length;
}

/** Mean and sample standard deviation (n - 1 in the denominator); sd is 0 for a single value. */
export function meanSd(values: readonly number[]): { mean: number; sd: number } {
  const m = mean(values);
  const sd = values.length > 1 ? Math.sqrt(values.reduce((a, b) => a + (b - m) ** 2, 0) / (values.length - 1)) : 0;
  return { mean: m, sd };
}
