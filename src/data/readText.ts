/**
 * Reading an input file: a missing or unreadable file is bad input naming the file, like a malformed one, and
 * no file is read past a size limit (`ebm maxcut /dev/zero` must stop, not fill the memory). The limit is
 * 256 MB, or env EBM_MAX_FILE_MB: far above the largest benchmark file (QAPLIB tai256c, Gset G81: a few MB),
 * and below V8's longest string (512 MB), which a file read as text becomes. The numeric formats (Gset, QAPLIB)
 * read the chunks themselves (src/data/numbers.ts) and never hold the file as a string.
 */
import { closeSync, fstatSync, openSync, readSync, statSync } from 'node:fs';
import { rangeError, requireNumber } from '../errors.ts';

const MB = 2 ** 20;

/** The chunk a file is read in: large enough that a read costs little next to parsing it. */
export const CHUNK_BYTES = MB;

/** The largest input, in bytes. */
export function maxInputBytes(): number {
  const fromEnv = process.env.EBM_MAX_FILE_MB;
  const mb = fromEnv === undefined || fromEnv === '' ? 256 : requireNumber('EBM_MAX_FILE_MB', Number(fromEnv), 0, 512);
  return Math.floor(mb * MB);
}

function tooLarge(what: string, source: string, limit: number): RangeError {
  return rangeError(`Expected a ${what} file of at most ${limit / MB} MB but ${source} is larger (env EBM_MAX_FILE_MB raises the limit)`);
}

/**
 * The file's bytes in chunks of `chunkBytes`, up to the size limit. Each chunk is a view of one buffer that the
 * next chunk overwrites: copy what must outlive it. Throws RangeError (code EBM_INVALID_INPUT) "Cannot read
 * <what> file <path>: <reason>", or the size limit's error.
 */
export function* readChunks(path: string, what: string, chunkBytes = CHUNK_BYTES): Generator<Buffer, void, undefined> {
  const limit = maxInputBytes();
  let fd: number;
  try {
    fd = openSync(path, 'r');
  } catch (e) {
    throw rangeError(`Cannot read ${what} file ${path}: ${(e as Error).message}`);
  }
  try {
    const stat = fstatSync(fd);
    if (stat.isDirectory()) throw rangeError(`Cannot read ${what} file ${path}: it is a directory`);
    if (stat.isFile() && stat.size > limit) throw tooLarge(what, path, limit);
    // Devices and pipes have no size: read up to the limit, one byte over it is an error.
    const chunk = Buffer.allocUnsafe(Math.max(1, Math.min(chunkBytes, limit + 1)));
    let total = 0;
    for (;;) {
      let got: number;
      try {
        got = readSync(fd, chunk, 0, Math.min(chunk.length, limit + 1 - total), null);
      } catch (e) {
        throw rangeError(`Cannot read ${what} file ${path}: ${(e as Error).message}`);
      }
      if (got === 0) break;
      total += got;
      if (total > limit) throw tooLarge(what, path, limit);
      yield chunk.subarray(0, got);
    }
  } finally {
    closeSync(fd);
  }
}

/** The size of a regular file, undefined for anything else (a device, a pipe, a missing file): a hint only. */
export function fileSize(path: string): number | undefined {
  try {
    const stat = statSync(path);
    return stat.isFile() ? stat.size : undefined;
  } catch {
    return undefined;
  }
}

/** The file's text; throws RangeError (code EBM_INVALID_INPUT) "Cannot read <what> file <path>: <reason>". */
export function readTextFile(path: string, what: string): string {
  // A regular file in one read of its size (+1 to see the end), anything else in chunks.
  const chunks: Buffer[] = [];
  for (const chunk of readChunks(path, what, Math.max(CHUNK_BYTES, (fileSize(path) ?? 0) + 1))) chunks.push(Buffer.from(chunk));
  return (chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks)).toString('utf8');
}

/** A stream's (stdin's) chunks as Buffers, up to the same limit. */
export async function* limitedChunks(stream: AsyncIterable<Buffer | string>, what: string, source: string): AsyncGenerator<Buffer, void, undefined> {
  const limit = maxInputBytes();
  let total = 0;
  for await (const chunk of stream) {
    const b = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
    total += b.length;
    if (total > limit) throw tooLarge(what, source, limit);
    yield b;
  }
}

/** All of a stream (stdin) as UTF-8, up to the same limit. */
export async function readTextStream(stream: AsyncIterable<Buffer | string>, what: string, source: string): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of limitedChunks(stream, what, source)) chunks.push(chunk);
  return Buffer.concat(chunks).toString('utf8');
}
