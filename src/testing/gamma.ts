/**
 * The chi-square distribution's upper tail through the regularized incomplete gamma function, hand-written
 * after Numerical Recipes (Press et al., 3rd ed., section 6.2: `gser` series for x < a + 1, `gcf` Lentz
 * continued fraction otherwise), with Lanczos' log Gamma (section 6.1). No npm dependency: the testing entry
 * point needs only these few lines.
 */

/** Lanczos coefficients (g = 5, n = 6) from Numerical Recipes' `gammln`: about 2e-10 relative error. */
const LANCZOS = [76.18009172947146, -86.50532032941677, 24.01409824083091, -1.231739572450155, 0.1208650973866179e-2, -0.5395239384953e-5];

/** log Gamma(x) for x > 0. */
export function logGamma(x: number): number {
  let y = x;
  const tmp = x + 5.5 - (x + 0.5) * Math.log(x + 5.5);
  let ser = 1.000000000190015;
  for (const c of LANCZOS) ser += c / ++y;
  return -tmp + Math.log((2.5066282746310005 * ser) / x);
}

/** Iterations and relative accuracy of the series and the continued fraction (NR's ITMAX, EPS). */
const MAX_ITERATIONS = 10_000;
const EPS = 1e-15;
/** Near the smallest double: keeps Lentz's method away from division by zero (NR's FPMIN). */
const TINY = 1e-300;

/** P(a, x) by the series (converges fast for x < a + 1). */
function seriesP(a: number, x: number): number {
  let ap = a;
  let sum = 1 / a;
  let del = sum;
  for (let n = 0; n < MAX_ITERATIONS; n++) {
    del *= x / ++ap;
    sum += del;
    if (Math.abs(del) < Math.abs(sum) * EPS) break;
  }
  return sum * Math.exp(-x + a * Math.log(x) - logGamma(a));
}

/** Q(a, x) by the continued fraction (modified Lentz; converges fast for x > a + 1). */
function fractionQ(a: number, x: number): number {
  let b = x + 1 - a;
  let c = 1 / TINY;
  let d = 1 / b;
  let h = d;
  for (let i = 1; i < MAX_ITERATIONS; i++) {
    const an = -i * (i - a);
    b += 2;
    d = an * d + b;
    if (Math.abs(d) < TINY) d = TINY;
    c = b + an / c;
    if (Math.abs(c) < TINY) c = TINY;
    d = 1 / d;
    const del = d * c;
    h *= del;
    if (Math.abs(del - 1) < EPS) break;
  }
  return Math.exp(-x + a * Math.log(x) - logGamma(a)) * h;
}

/** The regularized upper incomplete gamma Q(a, x) = Gamma(a, x) / Gamma(a), a > 0, x >= 0. */
export function gammaQ(a: number, x: number): number {
  if (x <= 0) return 1;
  return x < a + 1 ? 1 - seriesP(a, x) : fractionQ(a, x);
}

/** P(X >= statistic) for X chi-square with `df` degrees of freedom (1 when df < 1: nothing to test). */
export function chiSquareSurvival(statistic: number, df: number): number {
  if (df < 1) return 1;
  return gammaQ(df / 2, statistic / 2);
}
