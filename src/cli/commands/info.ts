/** ebm info: what this build can do. */
import { createRequire } from 'node:module';
import { addonChoice, native } from '../../native.ts';
import type { CommandResult, Flag, Flags, Operand } from '../args.ts';

export const operands: readonly Operand[] = [];

export const flags: readonly Flag[] = [{ name: 'backend', type: 'boolean', meaning: 'load the TensorFlow.js backend training would use and report it' }];

/** Package behind each TensorFlow.js backend, in the order loadBackend tries them. */
const TF_PACKAGES = { tensorflow: '@tensorflow/tfjs-node', wasm: '@tensorflow/tfjs-backend-wasm', cpu: '@tensorflow/tfjs' } as const;

/**
 * Which backend packages resolve on disk, without importing any of them (tfjs takes ~1 s to load): the first
 * one is what training would try first. Resolving is not loading; `--backend` loads for certain.
 */
function installedBackends(): string[] {
  const require = createRequire(import.meta.url);
  return Object.entries(TF_PACKAGES)
    .filter(([, pkg]) => {
      try {
        require.resolve(pkg);
        return true;
      } catch {
        return false;
      }
    })
    .map(([name]) => name);
}

export async function run(_operands: string[], flags: Flags): Promise<CommandResult> {
  const i = native().info();
  const installed = installedBackends();
  const override = process.env.EBM_TF_BACKEND || null;
  const a = addonChoice();
  // Which binary runs: a source build (-march=native) or the prebuilt for the best x86-64 level of this CPU.
  const addon = { kind: a.kind, path: a.path, arch: i.arch, reason: a.reason, ...(a.level !== undefined && { level: a.level }) };
  const json: Record<string, unknown> = { ...i, addon, node: process.version, platform: `${process.platform}-${process.arch}`, tf_backends_installed: installed, tf_backend_override: override };
  const text = [
    `discrete-ebm ${i.version} (node ${process.version}, ${process.platform}-${process.arch})`,
    `Addon: ${a.kind === 'prebuilt' ? `prebuilt ${a.level}` : a.kind === 'source' ? 'source build' : 'EBM_ADDON file'} (-march=${i.arch}; ${a.reason}): ${a.path}`,
    `SIMD: ${i.simd}, ${i.simdLanesDouble} lanes (float64) / ${i.simdLanesFloat} lanes (float32, integer models)`,
    `CUDA: ${i.cuda.compiled ? 'compiled' : 'not compiled'}, ${i.cuda.devices.length} device(s)${i.cuda.devices.map((d) => `; ${d.name} (${d.memoryMB} MB, sm ${d.computeCapability})`).join('')}${i.cuda.status ? ` (${i.cuda.status})` : ''}; --device auto uses it from ${i.cuda.autoMinLanes} lanes`,
  ];
  if (flags.backend) {
    // Loaded only on request: this initializes TensorFlow.js exactly as training would.
    const { loadBackend, backendDetails, trainingPlacement } = await import('../../learn/backend.ts');
    const b = await loadBackend();
    const details = backendDetails();
    const placement = trainingPlacement(b.backend);
    json.backend = b.backend;
    json.backend_details = details || null;
    json.backend_tried = b.tried;
    json.training = placement;
    text.push(`TensorFlow.js backend: ${b.backend}${details ? ` (${details})` : ''}${b.tried.length ? ` (not loaded: ${b.tried.map((t) => `${t.backend}: ${t.error}`).join('; ')})` : ''}${override ? ` (EBM_TF_BACKEND=${override})` : ''}`);
    text.push(`Training: dense layers and Adam in the ${placement.dense}; losses on ${placement.losses}`);
  } else {
    text.push(`TensorFlow.js backends installed: ${installed.join(', ') || 'none'}${override ? ` (EBM_TF_BACKEND=${override})` : ''}; --backend loads the one training would use`);
  }
  return { json, text: text.join('\n') };
}
