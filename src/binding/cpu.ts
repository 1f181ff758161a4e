/**
 * x86-64 micro-architecture levels this CPU runs (psABI levels v2, v3, v4), read from /proc/cpuinfo. A prebuilt
 * addon compiled for a level the CPU lacks loads fine and then dies on an illegal instruction, so the loader
 * asks here first. No library fits: the npm CPU-feature packages are native addons themselves.
 */
import { readFileSync } from 'node:fs';

export type X86Level = 'x86-64-v2' | 'x86-64-v3' | 'x86-64-v4';

/** Levels from best to baseline. */
export const X86_LEVELS: readonly X86Level[] = ['x86-64-v4', 'x86-64-v3', 'x86-64-v2'];

// The kernel's names for the features each level adds (GCC's -march=x86-64-vN; pni = SSE3, abm = LZCNT).
// The kernel hides AVX and AVX-512 flags when the OS does not save their registers, so a listed flag is usable.
const REQUIRED: Record<X86Level, readonly string[]> = {
  'x86-64-v2': ['cx16', 'lahf_lm', 'popcnt', 'pni', 'sse4_1', 'sse4_2', 'ssse3'],
  'x86-64-v3': ['avx', 'avx2', 'bmi1', 'bmi2', 'f16c', 'fma', 'abm', 'movbe', 'xsave'],
  'x86-64-v4': ['avx512f', 'avx512bw', 'avx512cd', 'avx512dq', 'avx512vl'],
};

/** The CPU flags of the first processor in /proc/cpuinfo text; empty when there is none (not Linux). */
export function cpuFlags(cpuinfo?: string): Set<string> {
  let text = cpuinfo;
  if (text === undefined) {
    try {
      text = readFileSync('/proc/cpuinfo', 'utf8');
    } catch {
      return new Set();
    }
  }
  const line = text.split('\n').find((l) => /^flags\s*:/.test(l));
  return new Set(line ? line.slice(line.indexOf(':') + 1).trim().split(/\s+/) : []);
}

/** Whether the CPU runs code built with -march=level (each level includes the ones below it). */
export function supportsLevel(level: X86Level, flags: Set<string> = cpuFlags()): boolean {
  const upTo = X86_LEVELS.slice(X86_LEVELS.indexOf(level));
  return upTo.every((l) => REQUIRED[l].every((f) => flags.has(f)));
}
