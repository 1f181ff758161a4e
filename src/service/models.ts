/**
 * Saved models for /v1/predict, by name only: NAME is checked against a pattern (letters, digits, "-", "_"),
 * then DIR/NAME/model.json must resolve inside DIR (a symlink out is refused). Loading parses JSON and sets
 * network weights; it never runs code from the file. The predictions run in a thread of their own (a piscina
 * pool of one, started on the first request) that holds TensorFlow.js and the loaded models, cached by folder
 * and file mtime: the service's event loop stays free while a large prediction runs.
 */
import { existsSync, realpathSync, statSync } from 'node:fs';
import { join, sep } from 'node:path';
import { Piscina } from 'piscina';
import { decodeError } from '../queue/job.ts';
import { fieldError } from './fields.ts';
import { HttpError } from './replies.ts';
import { MODEL_NAME } from './schemas.ts';
import type { PredictAnswer, PredictTask } from './predictTask.ts';

/** The task module's URL as this file is run: predictTask.ts from source (tsx), predictTask.js in dist. */
const TASK_URL = new URL(`./predictTask${import.meta.url.endsWith('.ts') ? '.ts' : '.js'}`, import.meta.url).href;

export class ModelShelf {
  private readonly root: string | undefined;
  private pool: Piscina | undefined;

  constructor(dir: string | undefined) {
    this.root = dir === undefined ? undefined : realpathSync(dir);
  }

  private fileOf(name: string): string {
    if (!new RegExp(MODEL_NAME).test(name)) throw fieldError('/model', `Expected a model name matching ${MODEL_NAME} for model`);
    const missing = new HttpError(404, `No saved model named ${JSON.stringify(name)}${this.root === undefined ? ' (the server was started without --models)' : ''}`, '/model');
    if (this.root === undefined) throw missing;
    const file = join(this.root, name, 'model.json');
    if (!existsSync(file)) throw missing;
    if (!realpathSync(file).startsWith(this.root + sep)) throw missing;
    return file;
  }

  /** MAP predictions for rows of raw features, answered as `ebm predict --json` does. */
  async predict(name: string, x: number[][]): Promise<{ model: string; predictions: string[] | number[][] }> {
    const { mtimeMs } = statSync(this.fileOf(name));
    const task: PredictTask = { dir: join(this.root!, name), mtimeMs, x };
    this.pool ??= new Piscina({ filename: new URL('./predictWorker.mjs', import.meta.url).href, workerData: { taskUrl: TASK_URL }, minThreads: 1, maxThreads: 1, idleTimeout: 60_000 });
    const answer = (await this.pool.run(task)) as PredictAnswer;
    if ('error' in answer) throw decodeError(answer.error);
    if ('wrongRow' in answer) {
      const { row, expected, received } = answer.wrongRow;
      throw fieldError(`/x/${row}`, `Expected a row of ${expected} features (as the model) for x[${row}] but received ${received}`);
    }
    return { model: name, predictions: answer.predictions };
  }

  /** Ends the prediction thread (shutdown). */
  async close(): Promise<void> {
    const pool = this.pool;
    this.pool = undefined;
    await pool?.destroy();
  }
}
