/**
 * Where a job's lanes run: `device: 'cpu' | 'cuda' | 'auto'` on sample, minimize and logPartition (and
 * `--device` on the CLI). 'cuda' runs the lanes (sets and permutations) on the GPU (native/cuda: the same
 * chains as the CPU for a seed); 'auto' (the default) is the CPU unless a CUDA device is present and the job
 * has at least `autoMinLanes` lanes (chains x replicas, 4096: a GPU runs one lane per thread and needs
 * thousands of them to fill its SMs; below that the CPU lanes win) and no `workers`. `workers` stay on the
 * CPU under 'auto' and are refused under 'cuda' (one process drives the GPU).
 */
import { invalidParameterError, rangeError } from './errors.ts';
import { native, type CudaInfo } from './native.ts';

export type { CudaInfo };

export type Device = 'cpu' | 'cuda' | 'auto';

let cached: CudaInfo | undefined;

/** The CUDA backend and devices, read once per process (the first query initializes the CUDA runtime). */
export function cudaInfo(): CudaInfo {
  cached ??= readCudaInfo();
  return cached;
}

function readCudaInfo(): CudaInfo {
  const i = native().info();
  // An addon built before `cuda` existed reports only the two flat keys.
  return i.cuda ?? { compiled: i.cudaCompiled, devices: [], kernels: [], status: i.cudaCompiled ? 'unknown' : 'this build has no CUDA backend', autoMinLanes: 4096 };
}

/** Why 'cuda' cannot run here, or undefined when it can. */
export function cudaUnavailable(): string | undefined {
  const c = cudaInfo();
  if (!c.compiled) return 'this build has no CUDA backend (nvcc was not found when the addon was compiled)';
  if (c.devices.length === 0) return `the CUDA runtime found no usable GPU${c.status ? ` (${c.status})` : ''}`;
  return undefined;
}

/** The job facts the choice depends on. */
export interface DeviceJob {
  lanes: number;
  space: 'set' | 'permutation';
  workers?: number | undefined;
}

/**
 * The validated `device` option resolved for a job: 'cuda' only when it will run there. Throws a RangeError
 * (code EBM_INVALID_INPUT) naming CUDA and why when 'cuda' is asked for and cannot run.
 */
export function resolveDevice(value: unknown, job: DeviceJob): 'cpu' | 'cuda' {
  if (value !== undefined && value !== 'cpu' && value !== 'cuda' && value !== 'auto')
    throw invalidParameterError('device', "'cpu', 'cuda' or 'auto'", value, typeof value === 'string' ? 'range' : 'type');
  if (value === 'cpu') return 'cpu';
  const why = cudaUnavailable();
  if (value === undefined || value === 'auto')
    return why === undefined && job.workers === undefined && job.lanes >= cudaInfo().autoMinLanes ? 'cuda' : 'cpu';
  if (job.workers !== undefined) throw rangeError("Expected no workers with device 'cuda': one process drives the GPU");
  if (why !== undefined) throw rangeError(`Expected a CUDA device for device 'cuda' but ${why}; use device 'cpu' or 'auto'`);
  return 'cuda';
}

/** The addon option for a resolved device: absent for the CPU, so a CPU job is exactly what it was before. */
export function nativeDevice(device: 'cpu' | 'cuda'): { device?: 'cuda' } {
  return device === 'cuda' ? { device } : {};
}
