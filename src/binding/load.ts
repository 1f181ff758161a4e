/**
 * Which addon binary to load, decided in one place for the main thread and the worker pool (workers load the
 * path chosen here). Order: EBM_ADDON when set; a source build (build/Release, made by `npm install
 * --build-from-source` or in a git checkout; -march=native); else the best prebuilt for this CPU from
 * prebuilds/<platform>-<arch>/ (x86-64-v4, v3, then the v2 baseline).
 */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import { cpuFlags, supportsLevel, X86_LEVELS, type X86Level } from './cpu.ts';

export interface AddonChoice {
  /** Absolute path of the .node file. */
  path: string;
  /** 'source': build/ of this package; 'prebuilt': shipped in prebuilds/; 'env': the EBM_ADDON path. */
  kind: 'source' | 'prebuilt' | 'env';
  /** For prebuilts: the x86-64 level it was compiled for. */
  level?: X86Level;
  /** One line for `ebm info`: why this binary. */
  reason: string;
}

// Two folders up from src/binding/ and from dist/binding/ alike.
const packageRoot = fileURLToPath(new URL('../../', import.meta.url));
const sourceBuilds = ['build/Release/discrete_ebm.node', 'build/Debug/discrete_ebm.node'];

/** prebuilds/<platform>-<arch>/discrete_ebm.<level>.node */
export function prebuiltPath(level: X86Level, platform = process.platform, arch = process.arch): string {
  return join(packageRoot, 'prebuilds', `${platform}-${arch}`, `discrete_ebm.${level}.node`);
}

function missing(tried: string[], detail: string): Error {
  return new Error(
    `discrete-ebm: no native addon to load for ${process.platform}-${process.arch} (${detail}${tried.length ? `; tried ${tried.join(', ')}` : ''}).\n` +
      'Possible solutions:\n' +
      '- reinstall the package (`npm install discrete-ebm`): prebuilt binaries ship for linux-x64 (x86-64-v2 and up);\n' +
      '- build from source: `npm install discrete-ebm --build-from-source` (or EBM_BUILD_FROM_SOURCE=1), which needs cmake >= 3.18 and a C++17 compiler;\n' +
      '- set EBM_ADDON to "source", "x86-64-v2|v3|v4" or the path of a .node file to choose a binary.',
  );
}

/** The binary to load. Throws one error naming what was tried and how to fix it. */
export function chooseAddon(env: NodeJS.ProcessEnv = process.env): AddonChoice {
  const forced = env.EBM_ADDON?.trim();
  // /proc/cpuinfo is read only when a prebuilt is considered (a source build needs no CPU check).
  let flags: Set<string> | undefined;
  const cpu = () => (flags ??= cpuFlags());
  if (forced) {
    if (forced.endsWith('.node')) {
      if (!existsSync(forced)) throw missing([forced], 'EBM_ADDON names a file that does not exist');
      return { path: forced, kind: 'env', reason: 'EBM_ADDON' };
    }
    if (forced === 'source') {
      const found = sourceBuilds.map((p) => join(packageRoot, p)).find((p) => existsSync(p));
      if (!found) throw missing(sourceBuilds.map((p) => join(packageRoot, p)), 'EBM_ADDON=source but there is no source build');
      return { path: found, kind: 'source', reason: 'EBM_ADDON=source' };
    }
    const level = (forced.startsWith('x86-64-') ? forced : `x86-64-${forced}`) as X86Level;
    if (!X86_LEVELS.includes(level)) throw missing([], `EBM_ADDON=${JSON.stringify(forced)} is not "source", a level x86-64-v2|v3|v4 or a .node path`);
    if (!supportsLevel(level, cpu())) throw missing([], `EBM_ADDON=${forced} but this CPU does not run ${level} code`);
    const path = prebuiltPath(level);
    if (!existsSync(path)) throw missing([path], `EBM_ADDON=${forced} but that prebuilt is not installed`);
    return { path, kind: 'prebuilt', level, reason: `EBM_ADDON=${forced}` };
  }
  const tried: string[] = [];
  for (const rel of sourceBuilds) {
    const path = join(packageRoot, rel);
    tried.push(path);
    if (existsSync(path)) return { path, kind: 'source', reason: 'source build (-march=native) present' };
  }
  for (const level of X86_LEVELS) {
    const path = prebuiltPath(level);
    tried.push(path);
    if (existsSync(path) && supportsLevel(level, cpu())) return { path, kind: 'prebuilt', level, reason: `best prebuilt level this CPU runs` };
  }
  throw missing(tried, 'no source build and no prebuilt binary this CPU runs');
}
