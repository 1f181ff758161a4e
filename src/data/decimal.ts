/**
 * Numbers as data files and CLI flags write them: decimal only. `Number()` also reads "0x10", "0b1", "0o7",
 * "Infinity" and "" (as 0), which in a weight or a flag is a typo or a hostile input, not a number.
 */

/** Sign, digits with an optional point, an optional exponent: "12", "-0.5", ".5", "5.", "1e-3". */
const DECIMAL = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

/** The value of a decimal token; NaN for anything else (callers report it with the field's name). */
export function parseDecimal(token: string): number {
  return DECIMAL.test(token) ? Number(token) : NaN;
}
