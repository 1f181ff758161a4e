#!/usr/bin/env node
// npm install hook: a prebuilt addon ships for this platform (prebuilds/<platform>-<arch>/, baseline x86-64-v2)
// -> nothing to compile; otherwise, or with `npm install --build-from-source` / EBM_BUILD_FROM_SOURCE=1, build
// from source with cmake-js into build/ (-march=native; the loader prefers it over the prebuilts).
import { existsSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const yes = (v) => v !== undefined && v !== '' && v !== '0' && v !== 'false';
const fromSource = yes(process.env.EBM_BUILD_FROM_SOURCE) || yes(process.env.npm_config_build_from_source);
const platformDir = join(root, 'prebuilds', `${process.platform}-${process.arch}`);

if (!fromSource && existsSync(join(platformDir, 'discrete_ebm.x86-64-v2.node'))) {
  console.log(`discrete-ebm: using the prebuilt addon in prebuilds/${process.platform}-${process.arch} (EBM_BUILD_FROM_SOURCE=1 compiles instead)`);
  process.exit(0);
}

let cmakeJs;
try {
  cmakeJs = createRequire(import.meta.url).resolve('cmake-js/bin/cmake-js');
} catch {
  console.error('discrete-ebm: building the addon from source needs the cmake-js package (npm install cmake-js).');
  process.exit(1);
}
console.log(`discrete-ebm: ${fromSource ? 'building from source as asked' : `no prebuilt addon for ${process.platform}-${process.arch}`}; compiling with cmake-js`);
const r = spawnSync(process.execPath, [cmakeJs, 'compile', '--out', 'build'], { cwd: root, stdio: 'inherit' });
if (r.status !== 0) {
  console.error(
    'discrete-ebm: the source build failed.\nPossible solutions:\n' +
      '- install cmake >= 3.18 and a C++17 compiler (g++ >= 9 or clang >= 10), then reinstall;\n' +
      '- on linux-x64, install without --build-from-source / EBM_BUILD_FROM_SOURCE to use the prebuilt binaries.',
  );
  process.exit(r.status ?? 1);
}
