/**
 * JSON from a file or stdin, with errors that locate the fault (source:line:column when V8 gives a position)
 * but never echo the text: V8's own message quotes the start of the input, which for a model.json linked to
 * /etc/passwd is the file's first line.
 */
import { rangeError } from '../errors.ts';

/** The parsed value; a RangeError (code EBM_INVALID_INPUT) "Expected JSON in <source>..." when the text is not JSON. */
export function parseJson(text: string, source: string, what = 'JSON'): unknown {
  try {
    return JSON.parse(text);
  } catch (e) {
    throw rangeError(`Expected ${what} in ${source}${syntaxReason((e as Error).message, text)}`);
  }
}

/** ":line:column: <what V8 says, without its quote of the input>", or ": not valid JSON" when it has no position. */
function syntaxReason(message: string, text: string): string {
  if (message.startsWith('Unexpected end of JSON input')) return ': unexpected end of the input';
  const at = / in JSON at position (\d+)/.exec(message);
  // Messages with a position name the fault in words ("Expected double-quoted property name"); the others quote the input.
  if (at === null) return ': not valid JSON';
  const position = Number(at[1]);
  const before = text.slice(0, position);
  const line = before.split('\n').length;
  const column = position - before.lastIndexOf('\n');
  return `:${line}:${column}: ${message.slice(0, at.index)}`;
}
