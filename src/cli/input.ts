/** FILE arguments: a path, or "-" for stdin (then parsed from text, errors naming "stdin"). */
import { parseModel, readModel, type Model } from '../energies/modelFile.ts';

/** The name messages give to input read from stdin. */
export const STDIN = 'stdin';

/** All of stdin as UTF-8 (async: a synchronous read of fd 0 fails with EAGAIN on some pipes and terminals). */
export async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

/** `readFile(path)` for a path (its own "Cannot read ... file" message), `parseText(stdin, "stdin")` for "-". */
export async function readInput<T>(file: string, readFile: (path: string) => T, parseText: (text: string, source: string) => T): Promise<T> {
  return file === '-' ? parseText(await readStdin(), STDIN) : readFile(file);
}

/** A model file (JSON, "format": "ebm-model/1"), or "-": the same JSON from stdin. */
export function readModelInput(file: string): Promise<Model> {
  return readInput(file, readModel, parseModel);
}
