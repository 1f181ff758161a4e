/** Correlation of two equally long vectors: Pearson's r, and the core it shares with Spearman's rho. */

/**
 * sum (a_i - ma)(b_i - mb) / sqrt(sum (a_i - ma)^2 * sum (b_i - mb)^2) about the given centres; null when
 * either vector has no spread about its centre (callers differ on what that means: NaN, or 0).
 */
export function correlationAbout(a: ArrayLike<number>, b: ArrayLike<number>, ma: number, mb: number): number | null {
  let sab = 0;
  let saa = 0;
  let sbb = 0;
  for (let i = 0; i < a.length; i++) {
    sab += (a[i]! - ma) * (b[i]! - mb);
    saa += (a[i]! - ma) ** 2;
    sbb += (b[i]! - mb) ** 2;
  }
  return saa > 0 && sbb > 0 ? sab / Math.sqrt(saa * sbb) : null;
}

/** Pearson's r; NaN when either vector is constant. */
export function pearson(a: ArrayLike<number>, b: ArrayLike<number>): number {
  const n = a.length;
  let ma = 0;
  let mb = 0;
  for (let i = 0; i < n; i++) {
    ma += a[i]! / n;
    mb += b[i]! / n;
  }
  return correlationAbout(a, b, ma, mb) ?? NaN;
}
