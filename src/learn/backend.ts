/**
 * TensorFlow.js backend pick, in one place: `@tensorflow/tfjs-node` (native libtensorflow) when it loads, else
 * the WebAssembly backend (SIMD when the runtime has it), else the pure-JS cpu backend. `EBM_TF_BACKEND`
 * (`tensorflow` | `wasm` | `cpu`) overrides the order; an override that cannot load is an error, not a silent
 * fallback, so benchmarks never run on a backend other than the one asked for.
 *
 * tfjs-node is an optional dependency: its install downloads libtensorflow and fails offline, and npm then
 * leaves it out. It re-exports the same @tensorflow/tfjs-core engine, so the rest of learn/ uses the
 * `@tensorflow/tfjs` namespace from tf.ts and only the backend registration differs.
 */
import { createRequire } from 'node:module';
import { dirname } from 'node:path';
import { loadTf, tf } from './tf.ts';
import { quote, rangeError } from '../errors.ts';
import { native } from '../native.ts';

export type TfBackend = 'tensorflow' | 'wasm' | 'cpu';

export const TF_BACKENDS: readonly TfBackend[] = ['tensorflow', 'wasm', 'cpu'];

export interface BackendInfo {
  backend: TfBackend;
  /** Backends tried before this one, with why each failed. */
  tried: { backend: TfBackend; error: string }[];
}

let chosen: Promise<BackendInfo> | undefined;
let wasmThreads: (() => number) | undefined;

async function tryTensorflow(): Promise<void> {
  // A computed specifier keeps bundlers and tsc from requiring the optional package to exist.
  const name = '@tensorflow/tfjs-node';
  await import(name);
  if (!(await tf.setBackend('tensorflow'))) throw new Error('tf.setBackend("tensorflow") returned false');
}

async function tryWasm(): Promise<void> {
  const wasm = await import('@tensorflow/tfjs-backend-wasm');
  // In Node the .wasm files are read from disk: point the loader at the package's dist folder (a prefix
  // ending in "/", so it picks tfjs-backend-wasm{,-simd,-threaded-simd}.wasm by itself).
  const require = createRequire(import.meta.url);
  const dist = dirname(require.resolve('@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm'));
  wasm.setWasmPaths(dist + '/');
  if (!(await tf.setBackend('wasm'))) throw new Error('tf.setBackend("wasm") returned false');
  wasmThreads = wasm.getThreadsCount;
}

async function tryCpu(): Promise<void> {
  if (!(await tf.setBackend('cpu'))) throw new Error('tf.setBackend("cpu") returned false');
  // The cpu backend prints a "use tfjs-node" banner on first write; the choice is already reported by us.
  (tf.backend() as unknown as { firstUse?: boolean }).firstUse = false;
}

/**
 * What the loaded backend runs on, for `ebm info --backend` and the benchmarks: for wasm, whether the SIMD
 * binary loaded and XNNPACK's thread count. tfjs-backend-wasm 4.22 never takes its threaded binary in Node
 * (WASM_HAS_MULTITHREAD_SUPPORT is false under IS_NODE, tfjs issue 3830), so it is SIMD, 1 thread here.
 * Empty for the other backends or before one is loaded.
 */
export function backendDetails(): string {
  if (tf === undefined || tf.getBackend() !== 'wasm' || !wasmThreads) return '';
  const simd = tf.env().getBool('WASM_HAS_SIMD_SUPPORT');
  const threaded = tf.env().getBool('WASM_HAS_MULTITHREAD_SUPPORT');
  return `${simd ? 'SIMD' : 'no SIMD'}, ${threaded ? `${wasmThreads()} threads` : '1 thread'}`;
}

/** Where a training step runs each part: the networks in the native core, the losses on the tfjs backend. */
export interface TrainingPlacement {
  /** The dense layers' products (forward and backward) and Adam: native/learn, single-threaded. */
  dense: string;
  /** The losses of the networks' outputs and their gradients (losses.ts). */
  losses: string;
}

/**
 * What `ebm info --backend` and the learning benchmark print: the dense layers and Adam run in the native
 * core (at the addon's SIMD width, one thread), the losses on the loaded tfjs backend (`backend`).
 */
export function trainingPlacement(backend: string): TrainingPlacement {
  const details = backendDetails();
  return { dense: `native core (${native().info().simd}, 1 thread)`, losses: `tfjs ${backend}${details ? ` (${details})` : ''}` };
}

const loaders: Record<TfBackend, () => Promise<void>> = { tensorflow: tryTensorflow, wasm: tryWasm, cpu: tryCpu };

/**
 * Picks and initializes the backend once per process (later calls return the same answer).
 * @param override - a backend name; defaults to `process.env.EBM_TF_BACKEND`.
 * @throws RangeError for an unknown override; Error when the overridden backend does not load; Error with code
 * EBM_MISSING_DEPENDENCY when @tensorflow/tfjs is not installed.
 */
export function loadBackend(override: string | undefined = process.env.EBM_TF_BACKEND): Promise<BackendInfo> {
  if (chosen) return chosen;
  chosen = pick(override);
  chosen.catch(() => (chosen = undefined));
  return chosen;
}

async function pick(override: string | undefined): Promise<BackendInfo> {
  const forced = override !== undefined && override !== '';
  if (forced && !(TF_BACKENDS as readonly string[]).includes(override))
    throw rangeError(`Expected one of ${TF_BACKENDS.join(', ')} for EBM_TF_BACKEND but received ${quote(override)}`);
  // tfjs first: every backend registers into its engine, and a missing tfjs is its own, clearer error.
  await loadTf();
  if (forced) {
    const backend = override as TfBackend;
    try {
      await loaders[backend]();
    } catch (error) {
      throw new Error(`EBM_TF_BACKEND=${backend} did not load: ${(error as Error).message}`);
    }
    await tf.ready();
    return { backend, tried: [] };
  }
  const tried: BackendInfo['tried'] = [];
  for (const backend of TF_BACKENDS) {
    try {
      await loaders[backend]();
      await tf.ready();
      return { backend, tried };
    } catch (error) {
      tried.push({ backend, error: (error as Error).message.split('\n')[0]! });
    }
  }
  throw new Error(`No TensorFlow.js backend loaded: ${tried.map((t) => `${t.backend}: ${t.error}`).join('; ')}`);
}
