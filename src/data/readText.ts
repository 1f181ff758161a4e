/**
 * Reading an input file: a missing or unreadable file is bad input naming the file, like a malformed one, and
 * no file is read past a size limit (`ebm maxcut /dev/zero` must stop, not fill the memory). The limit is
 * 256 MB, or env EBM_MAX_FILE_MB: far above the largest benchmark file (QAPLIB tai256c, Gset G81: a few MB),
 * and below V8's longest string (512 MB), which a file must become to be parsed.
 */
import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import { rangeError, requireNumber } from '../errors.ts';

const MB = 2 ** 20;

/** The largest input, in bytes. */
export function maxInputBytes(): number {
  const fromEnv = process.env.EBM_MAX_FILE_MB;
  const mb = fromEnv === undefined || fromEnv === '' ? 256 : requireNumber('EBM_MAX_FILE_MB', Number(fromEnv), 0, 512);
  return Math.floor(mb * MB);
}

function tooLarge(what: string, source: string, limit: number): RangeError {
  return rangeError(`Expected a ${what} file of at most ${limit / MB} MB but ${source} is larger (env EBM_MAX_FILE_MB raises the limit)`);
}

/** The file's text; throws RangeError (code EBM_INVALID_INPUT) "Cannot read <what> file <path>: <reason>". */
export function readTextFile(path: string, what: string): string {
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
    // Devices and pipes have no size: read in chunks up to the limit, one byte over it is an error.
    const chunks: Buffer[] = [];
    let total = 0;
    for (;;) {
      // A regular file in one read of its size (+1 to see the end), anything else in 4 MB chunks.
      const chunk = Buffer.allocUnsafe(Math.min(stat.isFile() ? stat.size + 1 : 4 * MB, limit + 1 - total));
      let got: number;
      try {
        got = readSync(fd, chunk, 0, chunk.length, null);
      } catch (e) {
        throw rangeError(`Cannot read ${what} file ${path}: ${(e as Error).message}`);
      }
      if (got === 0) break;
      chunks.push(got === chunk.length ? chunk : chunk.subarray(0, got));
      total += got;
      if (total > limit) throw tooLarge(what, path, limit);
    }
    return Buffer.concat(chunks, total).toString('utf8');
  } finally {
    closeSync(fd);
  }
}

/** All of a stream (stdin) as UTF-8, up to the same limit. */
export async function readTextStream(stream: AsyncIterable<Buffer | string>, what: string, source: string): Promise<string> {
  const limit = maxInputBytes();
  const chunks: Buffer[] = [];
  let total = 0;
  for await (const chunk of stream) {
    const b = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
    total += b.length;
    if (total > limit) throw tooLarge(what, source, limit);
    chunks.push(b);
  }
  return Buffer.concat(chunks, total).toString('utf8');
}
