#!/usr/bin/env bash
# The GPU checks in one script, for the day a machine with an NVIDIA GPU is lent (README, GPU):
#
#   test/gpu/device.sh prepare   here, where nvcc is (no GPU needed): builds the CUDA addon into build-gpu
#                                (portable x86-64-v3, libstdc++ static, so it loads on the GPU machine's image)
#                                and packs what the run needs into .gpu/ (node when the GPU machine may lack
#                                it, tsx + esbuild, the G-set and QAPLIB files); prints the sizes to carry.
#   test/gpu/device.sh run       on the GPU machine, from the repository root, with build-gpu and .gpu carried:
#                                the GPU tests (test/gpu/gpu.test-gpu.ts), then the GPU benchmark (bench/gpu.ts),
#                                logs and bench JSON into $OUT (or bench/results). Estimated (not yet run on
#                                a GPU): 1-2 min of tests, 3-4 min of benchmark on an H200; capped at 240 s
#                                and 280 s (the bench writes its JSON after every row).
#
# On this project's device tool: `run` with carry ["build-gpu/Release/discrete_ebm.node", ".gpu"], command
# `bash test/gpu/device.sh run`, timeout_s 540. Where node and node_modules exist (a GPU workstation),
# `npm run test:gpu` and `npm run bench -- gpu` do the same two steps with the addon `npm install` built.
set -euo pipefail
cd "$(dirname "$0")/../.."
mode=${1:-}

prepare() {
  EBM_CUDA=ON EBM_MARCH=x86-64-v3 npx cmake-js compile --out build-gpu \
    --CDCMAKE_SHARED_LINKER_FLAGS="-static-libstdc++ -static-libgcc" >/tmp/ebm-build-gpu.log 2>&1 ||
    { tail -30 /tmp/ebm-build-gpu.log; exit 1; }
  node -e "const c = require('./build-gpu/Release/discrete_ebm.node').info().cuda; if (!c.compiled) process.exit(1); console.log('addon: CUDA kernels', c.kernels.join(', '))"
  rm -rf .gpu && mkdir -p .gpu/node_modules/@esbuild .gpu/data/gset .gpu/data/qaplib/dat
  local exclude
  exclude=$(git rev-parse --git-path info/exclude)
  mkdir -p "$(dirname "$exclude")"
  grep -qx '/.gpu/' "$exclude" 2>/dev/null || echo '/.gpu/' >>"$exclude"
  # tsx and esbuild run the TypeScript; piscina (src/pool) is the one package the GPU test and bench import.
  for p in tsx esbuild @esbuild/linux-x64 piscina; do cp -rL "node_modules/$p" ".gpu/node_modules/$p"; done
  rm -rf .gpu/node_modules/esbuild/bin  # a second copy of the binary; run() names @esbuild's (ESBUILD_BINARY_PATH)
  xz -T0 -6 -c "$(command -v node)" >.gpu/node.xz
  for g in G1 G22 G55 G70 G81; do cp "../shared/data/gset/$g.txt" .gpu/data/gset/ || echo "missing $g (skipped by the bench)"; done
  cp ../shared/data/qaplib/dat/tai100a.dat .gpu/data/qaplib/dat/ || echo "missing tai100a.dat (skipped by the bench)"
  du -sh build-gpu/Release/discrete_ebm.node .gpu
}

run() {
  out=${OUT:-bench/results}
  mkdir -p "$out"
  nvidia-smi -L || true
  if ! command -v node >/dev/null; then  # the GPU image has no node: the one packed by prepare
    mkdir -p /tmp/ebm-node && xz -dc .gpu/node.xz >/tmp/ebm-node/node && chmod +x /tmp/ebm-node/node
    export PATH=/tmp/ebm-node:$PATH
  fi
  # The packages packed by prepare, where Node resolves them (this copy of the tree is the GPU machine's).
  [ -d node_modules ] || cp -r .gpu/node_modules node_modules
  local esbuild=$PWD/node_modules/@esbuild/linux-x64/bin/esbuild
  [ -x "$esbuild" ] && export ESBUILD_BINARY_PATH=$esbuild  # prepare dropped esbuild's own copy of it
  export EBM_ADDON=$PWD/build-gpu/Release/discrete_ebm.node EBM_DATA=$PWD/.gpu/data
  node -e "const c = require(process.env.EBM_ADDON).info().cuda; console.log(JSON.stringify(c))" | tee "$out/cuda-info.json"
  local rc=0
  timeout 240 node --import tsx --test test/gpu/gpu.test-gpu.ts 2>&1 | tee "$out/test-gpu.log" || rc=1
  timeout 280 node --import tsx bench/run.ts gpu --maxcut-time 10 2>&1 | tee "$out/bench-gpu.log" || rc=1
  exit $rc
}

case "$mode" in
  prepare) prepare ;;
  run) run ;;
  *) echo "usage: test/gpu/device.sh prepare|run" >&2; exit 2 ;;
esac
