/**
 * Training speed: `npm run bench -- learning-speed [--epochs N] [--data DIR]`. One `train` run on yeast
 * (../shared/data/multilabel/yeast, training split) in issue 16's configuration: min-min logistic, unary,
 * 2 x 256 MLP, dropout 0.3, batch 64, 100 prior samples per example. Prints the median seconds per epoch over
 * epochs 2..N (epoch 1 is the warm-up: tfjs compiles and allocates on first use), the configuration and the
 * backend, next to the PyTorch figure issue 16 measured on this machine (1 thread; no PyTorch here to rerun it).
 * The machine is shared: the load average (before and after) and CPU seconds per epoch are printed beside the
 * wall time, and the CPU ratio (our CPU seconds against PyTorch's single-thread seconds) is the one to compare
 * on a loaded machine. Writes bench/results/learning-speed.json.
 */
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';
import { readMultilabel } from '../src/data/arff.ts';
import { train, type EpochReport, type TrainOptions } from '../src/learn/train.ts';
import { loadBackend, backendDetails, trainingPlacement } from '../src/learn/backend.ts';

/** Seconds per epoch of the independent PyTorch implementation, as issue 16 reports it (same machine, 1 thread). */
const PYTORCH_SECONDS_PER_EPOCH = 0.1;

function flag(args: string[], name: string): string | undefined {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1] : undefined;
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const h = s.length >> 1;
  return s.length % 2 ? s[h]! : (s[h - 1]! + s[h]!) / 2;
}

export async function run(args: string[]): Promise<void> {
  const epochs = Number(flag(args, 'epochs') ?? 11);
  const dir = flag(args, 'data') ?? fileURLToPath(new URL('../../shared/data/multilabel/yeast/', import.meta.url));
  const file = (f: string) => `${dir.replace(/\/?$/, '/')}${f}`;
  if (!existsSync(file('yeast-train.arff'))) {
    console.log(`learning-speed: ${file('yeast-train.arff')} not found (see ../shared/data/SOURCES.md); nothing measured`);
    return;
  }
  const data = readMultilabel(file('yeast-train.arff'), { xml: file('yeast.xml') });
  const options: TrainOptions = { model: 'unary', loss: 'minmin-logistic', hidden: [256, 256], dropout: 0.3, batch: 64, samples: 100, epochs, seed: 1 };
  const info = await loadBackend();
  const loadBefore = loadavg()[0]!;
  const reports: EpochReport[] = [];
  // CPU seconds beside wall seconds: on a loaded machine wall time also counts other processes' turns.
  const cpu = (u = process.cpuUsage()) => (u.user + u.system) / 1e6;
  const cpuMarks = [cpu()];
  const r = await train({ x: data.x, y: data.y, rows: data.rows, d: data.d, k: data.k }, { ...options, onEpoch: (p) => (reports.push(p), cpuMarks.push(cpu())) });
  r.model.networks.dispose();
  // EpochReport.seconds is cumulative since train() started; an epoch includes its validation scoring.
  const perEpoch = reports.map((p, i) => p.seconds - (i > 0 ? reports[i - 1]!.seconds : 0));
  const measured = perEpoch.slice(1);
  const seconds = median(measured.length ? measured : perEpoch);
  // The first CPU interval also holds train()'s set-up (standardizing, networks), like its wall interval.
  const cpuPerEpoch = cpuMarks.slice(1).map((c, i) => c - cpuMarks[i]!);
  const cpuSeconds = median(cpuPerEpoch.length > 1 ? cpuPerEpoch.slice(1) : cpuPerEpoch);
  const details = backendDetails();
  const load = [+loadBefore.toFixed(2), +loadavg()[0]!.toFixed(2)];
  const config = { data: 'yeast-train', rows: data.rows, d: data.d, k: data.k, ...options, validation: 0.15 };
  console.log(`learning speed: ${JSON.stringify(config)}`);
  const placement = trainingPlacement(info.backend);
  console.log(`backend ${info.backend}${details ? ` (${details})` : ''}, ${epochs} epochs, median of epochs 2..${epochs}`);
  console.log(`dense layers and Adam in the ${placement.dense}; losses on ${placement.losses}\n`);
  console.log(`ours      ${seconds.toFixed(3)} s/epoch   (first epoch ${perEpoch[0]!.toFixed(3)} s; CPU ${cpuSeconds.toFixed(3)} s/epoch)`);
  console.log(`PyTorch   ${PYTORCH_SECONDS_PER_EPOCH.toFixed(3)} s/epoch   (issue 16, 1 thread)`);
  console.log(`ratio     ${(seconds / PYTORCH_SECONDS_PER_EPOCH).toFixed(2)}x wall, ${(cpuSeconds / PYTORCH_SECONDS_PER_EPOCH).toFixed(2)}x CPU   (target <= 1.5x)`);
  console.log(`load      ${load[0]} before, ${load[1]} after (1-minute load average; wall time on a loaded machine counts other processes' turns)`);
  mkdirSync(fileURLToPath(new URL('./results/', import.meta.url)), { recursive: true });
  const out = { bench: 'learning-speed', date: new Date().toISOString(), backend: info.backend, backendDetails: details, training: placement, config, secondsPerEpoch: seconds, cpuSecondsPerEpoch: cpuSeconds, firstEpoch: perEpoch[0], perEpoch, cpuPerEpoch, pytorchSecondsPerEpoch: PYTORCH_SECONDS_PER_EPOCH, ratio: seconds / PYTORCH_SECONDS_PER_EPOCH, cpuRatio: cpuSeconds / PYTORCH_SECONDS_PER_EPOCH, loadAverage: load };
  writeFileSync(fileURLToPath(new URL('./results/learning-speed.json', import.meta.url)), JSON.stringify(out, null, 2) + '\n');
  console.log('\nwrote bench/results/learning-speed.json');
}
