/**
 * Saved models for /v1/predict, by name only: NAME is checked against a pattern (letters, digits, "-", "_"),
 * then DIR/NAME/model.json must resolve inside DIR (a symlink out is refused). Loading parses JSON and sets
 * network weights; it never runs code from the file. Loaded models are cached by name and file mtime.
 */
import { existsSync, realpathSync, statSync } from 'node:fs';
import { join, sep } from 'node:path';
import { loadModel } from '../learn/persist.ts';
import { predict, type LearnedModel } from '../learn/train.ts';
import { predictionRows } from '../cli/commands/predict.ts';
import { fieldError } from './fields.ts';
import { HttpError } from './replies.ts';
import { MODEL_NAME } from './schemas.ts';

export class ModelShelf {
  private readonly cache = new Map<string, { mtimeMs: number; model: LearnedModel }>();
  private readonly root: string | undefined;

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

  async load(name: string): Promise<LearnedModel> {
    const file = this.fileOf(name);
    const { mtimeMs } = statSync(file);
    const cached = this.cache.get(name);
    if (cached?.mtimeMs === mtimeMs) return cached.model;
    const { model } = await loadModel(join(this.root!, name));
    this.cache.set(name, { mtimeMs, model });
    return model;
  }

  /** MAP predictions for rows of raw features, answered as `ebm predict --json` does. */
  async predict(name: string, x: number[][]): Promise<{ model: string; predictions: string[] | number[][] }> {
    const model = await this.load(name);
    const flat = new Float64Array(x.length * model.d);
    x.forEach((row, r) => {
      if (row.length !== model.d) throw fieldError(`/x/${r}`, `Expected a row of ${model.d} features (as the model) for x[${r}] but received ${row.length}`);
      flat.set(row, r * model.d);
    });
    const { predicted } = predict(model, flat, x.length);
    return { model: name, predictions: predictionRows(model, predicted, x.length) };
  }
}
