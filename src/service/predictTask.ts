/**
 * One /v1/predict request, run in the predict pool's thread (predictPool.ts): the saved model is loaded once
 * per thread (again when its file changes) and kept there with its networks. Errors come back as data (the
 * queue's encoding: name, message, input-error code), since an Error crossing threads loses its code.
 */
import { loadModel } from '../learn/persist.ts';
import { predict, type LearnedModel } from '../learn/train.ts';
import { predictionRows } from '../cli/commands/predict.ts';
import { encodeError } from '../queue/job.ts';

export interface PredictTask {
  /** The model's folder (already checked against the models folder by the main thread) and its cache key. */
  dir: string;
  mtimeMs: number;
  x: number[][];
}

export type PredictAnswer = { predictions: string[] | number[][] } | { wrongRow: { row: number; expected: number; received: number } } | { error: string };

const cache = new Map<string, { mtimeMs: number; model: LearnedModel }>();

async function load(dir: string, mtimeMs: number): Promise<LearnedModel> {
  const cached = cache.get(dir);
  if (cached?.mtimeMs === mtimeMs) return cached.model;
  const { model } = await loadModel(dir);
  cached?.model.networks.dispose();
  cache.set(dir, { mtimeMs, model });
  return model;
}

export async function predictTask({ dir, mtimeMs, x }: PredictTask): Promise<PredictAnswer> {
  try {
    const model = await load(dir, mtimeMs);
    const flat = new Float64Array(x.length * model.d);
    for (const [r, row] of x.entries()) {
      if (row.length !== model.d) return { wrongRow: { row: r, expected: model.d, received: row.length } };
      flat.set(row, r * model.d);
    }
    const { predicted } = predict(model, flat, x.length);
    return { predictions: predictionRows(model, predicted, x.length) };
  } catch (error) {
    return { error: encodeError(error) };
  }
}
