/** Reading an input file: a missing or unreadable file is bad input naming the file, like a malformed one. */
import { readFileSync } from 'node:fs';
import { rangeError } from '../errors.ts';

/** The file's text; throws RangeError (code EBM_INVALID_INPUT) "Cannot read <what> file <path>: <reason>". */
export function readTextFile(path: string, what: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch (e) {
    throw rangeError(`Cannot read ${what} file ${path}: ${(e as Error).message}`);
  }
}
