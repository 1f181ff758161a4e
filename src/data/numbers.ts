/**
 * Numbers read straight from the bytes of a file, chunk by chunk: the large numeric formats (Gset graphs, QAPLIB
 * instances) are whitespace-separated decimal numbers, and a 200 MB file read as one string and split into token
 * strings took 3 GB. The tokens are the ones `text.split(/\s+/)` gives (QAPLIB: `/[\s,]+/`), JavaScript's
 * whitespace included (a BOM, U+00A0, U+2028, ... in UTF-8), and their values are `parseDecimal`'s, so a file
 * parses to the same numbers, bit for bit, however it is cut into chunks.
 *
 * A format is told each token in order (`NumberFormat.token`) and asked for its result at the end (`finish`); it
 * fills typed arrays as the tokens come (`Column`), never more than the input could fill, whatever its header says.
 */
import { rangeError } from '../errors.ts';
import { defaultMaxMemoryMB } from '../resources/memory.ts';
import { parseDecimal } from './decimal.ts';

/** A format read as a stream of numbers. */
export interface NumberFormat<T> {
  /** Whether commas separate numbers like whitespace (QAPLIB: ste36a.sln lists its permutation with commas). */
  readonly commas: boolean;
  /**
   * The k-th token (0-based) and its value: `parseDecimal`'s, NaN when the token is not a decimal number.
   * `token.text()` and `token.line` describe it during this call only.
   */
  token(k: number, x: number, token: Token): void;
  /** After the last of `count` tokens: the parsed value, or a named error. */
  finish(count: number): T;
}

/** What a format may ask about the current token (for its error messages). */
export interface Token {
  /** Its 1-based line. */
  readonly line: number;
  /** Its text, cut to its first 256 bytes when it is longer and not a number. */
  text(): string;
}

/** Byte classes: what a byte does to the token being read. */
const NUMERIC = 0;  // 0-9 + - . e E: may be part of a decimal number
const OTHER = 1;    // any other ASCII byte: part of a token that is not a number
const SPACE = 2;    // ASCII whitespace other than \n
const NEWLINE = 3;  // \n, which counts lines (as the whole-text parsers did: \r and U+2028 do not)
const HIGH = 4;     // 0x80-0xFF: part of a UTF-8 sequence, a token byte unless the sequence is whitespace

function byteClasses(commas: boolean): Uint8Array {
  const classes = new Uint8Array(256).fill(OTHER);
  for (const c of '0123456789+-.eE') classes[c.charCodeAt(0)] = NUMERIC;
  for (const b of [9, 11, 12, 13, 32]) classes[b] = SPACE;
  classes[10] = NEWLINE;
  if (commas) classes[44] = SPACE;
  classes.fill(HIGH, 0x80);
  return classes;
}
const CLASSES = byteClasses(false);
const CLASSES_COMMAS = byteClasses(true);

/** The code points above ASCII that JavaScript's `\s` matches (a test checks this list against `/\s/`). */
export const UNICODE_WHITESPACE = [0xa0, 0x1680, 0x2000, 0x2001, 0x2002, 0x2003, 0x2004, 0x2005, 0x2006, 0x2007, 0x2008, 0x2009, 0x200a, 0x2028, 0x2029, 0x202f, 0x205f, 0x3000, 0xfeff];

/**
 * Their UTF-8 encodings and every proper prefix, keyed by length * 2^24 + the bytes so far: 1 = a prefix, 2 =
 * a whole whitespace character. A sequence is matched byte by byte, so it may straddle two chunks.
 */
const WHITESPACE_PREFIXES = new Map<number, number>();
for (const c of UNICODE_WHITESPACE) {
  const bytes = Buffer.from(String.fromCodePoint(c));
  let seq = 0;
  for (let len = 1; len <= bytes.length; len++) {
    seq = seq * 256 + bytes[len - 1]!;
    WHITESPACE_PREFIXES.set(len * 2 ** 24 + seq, len === bytes.length ? 2 : 1);
  }
}

/** Bytes of a token kept for error messages once it cannot be a number (`quote` echoes 40 characters). */
const TEXT_BYTES = 256;

/** Splits bytes into tokens and hands each, with its value, to a format. */
export class NumberTokens<T> implements Token {
  /** The 1-based line of the current token. */
  line = 1;
  private count = 0;
  private readonly classes: Uint8Array;
  /** The current token's bytes: all of them while it may be a number, its first TEXT_BYTES once it cannot. */
  private scratch = Buffer.allocUnsafe(TEXT_BYTES);
  private stored = 0;
  /** The current token's length in bytes (more than `stored` when a long non-number was cut). */
  private length = 0;
  /** Whether the current token holds a byte no decimal number has. */
  private invalid = false;
  /** A UTF-8 sequence that may be whitespace: its bytes so far (already stored in the token) and their count. */
  private sequence = 0;
  private sequenceLength = 0;

  constructor(private readonly format: NumberFormat<T>) {
    this.classes = format.commas ? CLASSES_COMMAS : CLASSES;
  }

  /** The current token as text, for error messages (cut to its first TEXT_BYTES bytes when it is longer). */
  text(): string {
    return this.scratch.toString('utf8', 0, this.stored);
  }

  /** Reads the next chunk; a token or a UTF-8 sequence may continue into the next one. */
  feed(bytes: Uint8Array): void {
    const classes = this.classes;
    for (let i = 0; i < bytes.length; i++) {
      const b = bytes[i]!;
      let c = classes[b]!;
      if (this.sequenceLength > 0) {
        c = this.continueSequence(b, c);
        if (c < 0) continue;
      }
      if (c === NUMERIC) {
        // The common case inline: a digit of a number that has room.
        if (this.stored < this.scratch.length) {
          this.scratch[this.stored++] = b;
          this.length++;
        } else this.store(b);
      } else if (c === SPACE) {
        if (this.length > 0) this.emit();
      } else if (c === NEWLINE) {
        if (this.length > 0) this.emit();
        this.line++;
      } else if (c === OTHER) {
        this.invalid = true;
        this.store(b);
      } else {
        // A byte above ASCII: the start of what may be a whitespace character, or a token byte.
        if (WHITESPACE_PREFIXES.get(2 ** 24 + b) === 1) {
          this.sequence = b;
          this.sequenceLength = 1;
        } else this.invalid = true;
        this.store(b);
      }
    }
  }

  /** After the last chunk: the format's result. */
  end(): T {
    if (this.sequenceLength > 0) this.endSequence();
    if (this.length > 0) this.emit();
    return this.format.finish(this.count);
  }

  /**
   * The next byte of a pending UTF-8 sequence: -1 when the byte was taken (the sequence goes on, or it ended as
   * whitespace and so ended the token), else the byte's class to handle as usual (the sequence was token bytes).
   */
  private continueSequence(b: number, c: number): number {
    if (c !== HIGH) {
      this.endSequence();
      return c;
    }
    const seq = this.sequence * 256 + b;
    const match = WHITESPACE_PREFIXES.get((this.sequenceLength + 1) * 2 ** 24 + seq);
    if (match === undefined) {
      this.endSequence();
      return c;  // b may start a sequence of its own
    }
    if (match === 1) {
      this.sequence = seq;
      this.sequenceLength++;
      this.store(b);
      return -1;
    }
    // Whitespace: its first bytes were stored as the token's; take them back and end the token.
    this.length -= this.sequenceLength;
    this.stored = Math.min(this.stored, this.length);
    this.sequenceLength = 0;
    if (this.length > 0) this.emit();
    return -1;
  }

  /** A pending sequence that is not whitespace: token bytes, and no number has them. */
  private endSequence(): void {
    this.sequenceLength = 0;
    this.invalid = true;
  }

  private store(b: number): void {
    this.length++;
    if (this.stored === this.scratch.length) {
      if (this.invalid && this.stored >= TEXT_BYTES) return;
      const grown = Buffer.allocUnsafe(2 * this.scratch.length);
      this.scratch.copy(grown, 0, 0, this.stored);
      this.scratch = grown;
    }
    this.scratch[this.stored++] = b;
  }

  private emit(): void {
    const x = this.invalid ? NaN : this.value();
    this.format.token(this.count++, x, this);
    this.length = 0;
    this.stored = 0;
    this.invalid = false;
  }

  /** The value of a token of NUMERIC bytes: integers of up to 15 digits directly (exact), others by parseDecimal. */
  private value(): number {
    const s = this.scratch;
    const length = this.length;
    const signed = s[0] === 45 || s[0] === 43;  // - +
    let i = signed ? 1 : 0;
    if (length - i >= 1 && length - i <= 15) {
      let v = 0;
      for (; i < length; i++) {
        const d = s[i]! - 48;
        if (d < 0 || d > 9) break;
        v = v * 10 + d;
      }
      // Number('-0') is -0, and so is -0 here.
      if (i === length) return s[0] === 45 ? -v : v;
    }
    return parseDecimal(s.toString('latin1', 0, length));
  }
}

/** Reads chunks (a file's, a string's bytes) through a format. */
export function readNumbers<T>(format: NumberFormat<T>, chunks: Iterable<Uint8Array>): T {
  const tokens = new NumberTokens(format);
  for (const chunk of chunks) tokens.feed(chunk);
  return tokens.end();
}

/** The same for a stream (stdin). */
export async function readNumbersAsync<T>(format: NumberFormat<T>, chunks: AsyncIterable<Uint8Array>): Promise<T> {
  const tokens = new NumberTokens(format);
  for await (const chunk of chunks) tokens.feed(chunk);
  return tokens.end();
}

/**
 * The most tokens `bytes` bytes hold (a byte each and one between): what a header that declares more cannot
 * fill, so it is not allocated for.
 */
export function maxTokens(bytes: number): number {
  return Math.floor((bytes + 1) / 2);
}

/** A stream of unknown size starts with room for this many entries per array, and doubles it as it fills. */
export const STREAM_CAPACITY = 2 ** 16;

/**
 * Refuses, before allocating, arrays that a header declares and the input could fill but that exceed the memory
 * limit (maxMemoryMB's default: a quarter of the machine, env EBM_MAX_MEMORY_MB).
 * @param what - "graph", "QAPLIB .dat"; `declared` - "m = 1000 edges"; `bytes` - what its arrays take.
 */
export function checkDeclaredMemory(what: string, source: string, declared: string, bytes: number): void {
  const limitMB = defaultMaxMemoryMB();
  if (bytes <= limitMB * 2 ** 20) return;
  throw rangeError(
    `Expected a ${what} that fits in maxMemoryMB = ${limitMB} but ${source} declares ${declared}, which would need about ${Math.ceil(bytes / 2 ** 20)} MB to read (env EBM_MAX_MEMORY_MB raises the limit)`,
  );
}

/**
 * A typed array filled in order: room for `initial` entries at first, doubled as it fills, never past `max`
 * (the header's count), so memory follows what the input holds and not what it declares.
 */
export class Column<A extends Int32Array | Float64Array> {
  length = 0;
  private data: A;

  constructor(private readonly make: (length: number) => A, initial: number, private readonly max: number) {
    this.data = make(Math.max(0, Math.min(initial, max)));
  }

  push(x: number): void {
    if (this.length === this.data.length) this.grow();
    this.data[this.length++] = x;
  }

  /** The entries pushed, as an array of exactly that length. */
  values(): A {
    return this.length === this.data.length ? this.data : (this.data.slice(0, this.length) as A);
  }

  private grow(): void {
    const grown = this.make(Math.min(this.max, Math.max(16, 2 * this.data.length)));
    grown.set(this.data);
    this.data = grown;
  }
}
