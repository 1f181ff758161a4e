#!/usr/bin/env node
// npm run prebuilds: the portable linux-x64 addons that the package ships, one per x86-64 level (v2 baseline,
// v3 = AVX2, v4 = AVX-512), built side by side with cmake-js and copied to prebuilds/linux-x64/. The loader
// (src/binding/load.ts) picks the best one the CPU runs. Logs go to build-prebuild/<level>.log. (Not named
// "prebuild": npm runs a script of that name before every `npm run build`.)
import { copyFileSync, mkdirSync, openSync, readFileSync, statSync } from 'node:fs';
import { spawn, spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
if (process.platform !== 'linux' || process.arch !== 'x64') {
  console.error(`prebuild: prebuilt binaries are made for linux-x64 only (this is ${process.platform}-${process.arch}); use npm run build:native`);
  process.exit(1);
}
const levels = process.argv.slice(2).length ? process.argv.slice(2) : ['x86-64-v2', 'x86-64-v3', 'x86-64-v4'];
const cmakeJs = createRequire(import.meta.url).resolve('cmake-js/bin/cmake-js');
const outDir = join(root, 'prebuilds', 'linux-x64');
mkdirSync(outDir, { recursive: true });
mkdirSync(join(root, 'build-prebuild'), { recursive: true });

function build(level) {
  const log = join(root, 'build-prebuild', `${level}.log`);
  const started = Date.now();
  return new Promise((resolve) => {
    const fd = openSync(log, 'w');
    const child = spawn(process.execPath, [cmakeJs, 'compile', '--out', join('build-prebuild', level), `--CDEBM_MARCH=${level}`, '--CDEBM_NATIVE_ARCH=OFF'], {
      cwd: root,
      stdio: ['ignore', fd, fd],
      env: { ...process.env, EBM_NATIVE_ARCH: 'OFF', EBM_MARCH: level },
    });
    child.on('close', (code) => resolve({ level, code, log, seconds: (Date.now() - started) / 1000 }));
  });
}

const results = await Promise.all(levels.map(build));
let failed = false;
for (const r of results) {
  if (r.code !== 0) {
    failed = true;
    console.error(`prebuild ${r.level}: failed (exit ${r.code}); last lines of ${r.log}:\n${readFileSync(r.log, 'utf8').split('\n').slice(-25).join('\n')}`);
    continue;
  }
  const target = join(outDir, `discrete_ebm.${r.level}.node`);
  copyFileSync(join(root, 'build-prebuild', r.level, 'Release', 'discrete_ebm.node'), target);
  spawnSync('strip', ['--strip-unneeded', target]); // symbols are not needed at run time; best effort
  console.log(`prebuild ${r.level}: ${(statSync(target).size / 1e6).toFixed(2)} MB in ${r.seconds.toFixed(0)} s -> prebuilds/linux-x64/discrete_ebm.${r.level}.node`);
}
process.exit(failed ? 1 : 0);
