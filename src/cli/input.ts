/** FILE arguments: a path, or "-" for stdin (then parsed from text, errors naming "stdin"). */
import { AsyncLocalStorage } from 'node:async_hooks';
import { parseModel, readModel, type Model } from '../energies/modelFile.ts';
import { limitedChunks, readTextStream } from '../data/readText.ts';

/** The name messages give to input read from stdin. */
export const STDIN = 'stdin';

/**
 * All of stdin as UTF-8, up to the input size limit (async: a synchronous read of fd 0 fails with EAGAIN on
 * some pipes and terminals).
 */
export function readStdin(): Promise<string> {
  return readTextStream(process.stdin, 'input', STDIN);
}

/**
 * Texts of FILE operands by name, set around a command's run by a queue worker (src/queue): the files are on
 * the machine that submitted the job.
 */
export const givenInputs = new AsyncLocalStorage<ReadonlyMap<string, string>>();

/** `readFile(path)` for a path (its own "Cannot read ... file" message), `parseText(stdin, "stdin")` for "-". */
export async function readInput<T>(
  file: string,
  readFile: (path: string) => T,
  parseText: (text: string, source: string) => T,
  parseStream?: (chunks: AsyncIterable<Uint8Array>, source: string) => Promise<T>,
): Promise<T> {
  const given = givenInputs.getStore()?.get(file);
  if (given !== undefined) return parseText(given, file === '-' ? STDIN : file);
  if (file !== '-') return readFile(file);
  // The large numeric formats (Gset, QAPLIB) give a stream parser: stdin is read chunk by chunk as it comes,
  // like their files (src/data/numbers.ts), instead of as one string.
  return parseStream === undefined ? parseText(await readStdin(), STDIN) : parseStream(limitedChunks(process.stdin, 'input', STDIN), STDIN);
}

/** A model file (JSON, "format": "ebm-model/1"), or "-": the same JSON from stdin. */
export function readModelInput(file: string): Promise<Model> {
  return readInput(file, readModel, parseModel);
}
