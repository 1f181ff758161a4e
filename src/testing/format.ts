/** The readable form of a check result: its numbers, the reasons it failed and a table of the worst states. */
import type { CheckResult } from './verdict.ts';

/**
 * Several lines of text: the verdict, TV against its bound, the G-test, and the worst states as
 * `state  expected  observed  (observed - expected) / sqrt(expected)`.
 */
export function formatResult(r: CheckResult): string {
  const lines = [
    `${r.pass ? 'PASS' : 'FAIL'}: ${r.samples} samples, TV ${r.tv.toPrecision(3)} (bound ${r.bound.toPrecision(3)}), G = ${r.statistic.toFixed(1)} on ${r.df} df, p = ${r.pValue.toPrecision(3)} (alpha ${r.alpha})`,
    ...r.reasons.map((s) => `  - ${s}`),
  ];
  if (r.worst.length > 0) {
    const width = Math.max(5, ...r.worst.map((w) => w.state.length));
    lines.push(`  ${'state'.padEnd(width)}  ${'expected'.padStart(10)}  ${'observed'.padStart(10)}  ${'z'.padStart(8)}`);
    for (const w of r.worst) {
      // z: the Pearson residual; an impossible state (expected 0) is marked instead.
      const z = w.expected > 0 ? ((w.observed - w.expected) / Math.sqrt(w.expected)).toFixed(2) : 'impossible';
      lines.push(`  ${w.state.padEnd(width)}  ${w.expected.toFixed(1).padStart(10)}  ${String(w.observed).padStart(10)}  ${z.padStart(8)}`);
    }
  }
  return lines.join('\n');
}
