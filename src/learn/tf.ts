/**
 * The one place that loads TensorFlow.js. `@tensorflow/tfjs` is an optional peer dependency: nothing imports it
 * statically (only its types, erased at build), so `import 'discrete-ebm'` never loads it and users who only
 * solve or sample need not install it. Learning entry points await `loadTf()` (through `loadBackend`) first.
 */
import type * as Tfjs from '@tensorflow/tfjs';

export type TfModule = typeof Tfjs;

/** Version the learning layer is built and tested against (package.json pins the peers to it). */
export const TFJS_VERSION = '4.22.0';

/** `code` of the error thrown when an optional package that a call needs is not installed. */
export const MISSING_DEPENDENCY_CODE = 'EBM_MISSING_DEPENDENCY';

/**
 * The loaded namespace, a live binding set once by loadTf(): learn/ modules read `tf.*` only inside code that
 * runs after an entry point awaited it (a network or tensor cannot exist before), so no call site passes it.
 */
export let tf: TfModule;

let loading: Promise<void> | undefined;

/**
 * Imports `@tensorflow/tfjs` once per process (later calls share the promise; a failure is retried next call).
 * @throws Error with code EBM_MISSING_DEPENDENCY naming the packages to install when it is not installed
 */
export function loadTf(): Promise<void> {
  loading ??= import('@tensorflow/tfjs').then(
    (module) => {
      tf = module;
    },
    (error: unknown) => {
      loading = undefined;
      throw isNotFound(error) ? missingTfjs(error) : error;
    },
  );
  return loading;
}

/** ESM (ERR_MODULE_NOT_FOUND) or CommonJS (MODULE_NOT_FOUND, a dependency of tfjs missing) resolution failure. */
function isNotFound(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return code === 'ERR_MODULE_NOT_FOUND' || code === 'MODULE_NOT_FOUND';
}

function missingTfjs(cause: unknown): Error {
  const error = new Error(
    `discrete-ebm: learning needs the optional package @tensorflow/tfjs (and @tensorflow/tfjs-backend-wasm for speed): ` +
      `npm install @tensorflow/tfjs@${TFJS_VERSION} @tensorflow/tfjs-backend-wasm@${TFJS_VERSION}`,
    { cause },
  );
  return Object.assign(error, { code: MISSING_DEPENDENCY_CODE });
}
