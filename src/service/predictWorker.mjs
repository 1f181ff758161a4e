// Piscina worker of /v1/predict: a thread that holds TensorFlow.js and the loaded models, so a large
// prediction never blocks the service's event loop. Plain JavaScript (as src/pool/worker.mjs); the work is in
// predictTask, whose URL the main thread passes: predictTask.js in dist, or predictTask.ts when the service
// runs from source under tsx, whose loader a worker thread does not inherit (so it is registered here).
import { workerData } from 'node:worker_threads';

if (workerData.taskUrl.endsWith('.ts')) (await import('tsx/esm/api')).register();
const { predictTask } = await import(workerData.taskUrl);

export default predictTask;
