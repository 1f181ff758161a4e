/**
 * MULAN multi-label ARFF files: a Weka ARFF reader (dense and sparse rows), the MULAN label XML, and the
 * conversion to a feature matrix x and a 0/1 label matrix y.
 *
 * Traps handled (see shared/data/SOURCES.md): sparse rows `{i v, ...}` use 0-based attribute indices and an
 * absent entry means 0 (for a nominal attribute: its FIRST declared value, as in Weka); birds has quoted names
 * with backslash escapes (`'Swainson\'s Thrush'`) and a 12-level nominal feature; the relation name of MULAN
 * files is not to be trusted for the label count (medical carries a stale MEKA `-C 45`), the XML is.
 */
import { basename } from 'node:path';
import { clip, quote, rangeError, typeError } from '../errors.ts';
import { parseDecimal } from './decimal.ts';
import { readTextFile } from './readText.ts';

export interface ArffAttribute {
  name: string;
  type: 'numeric' | 'nominal';
  /** Declared values of a nominal attribute, in declaration order. */
  values?: string[];
}

export interface Arff {
  relation: string;
  attributes: ArffAttribute[];
  /**
   * One entry per attribute and row: the number for a numeric attribute, the index into `values` for a
   * nominal one, NaN for a missing value (`?`). Sparse rows are expanded to this dense form.
   */
  rows: Float64Array[];
  /** How many `?` values the data section holds (reported rather than silently dropped). */
  missing: number;
  /** File name used in error messages. */
  source: string;
}

export interface MultilabelDataset {
  /** Features, row-major: x[i * d + j]. Nominal features are one-hot encoded (see `multilabelDataset`). */
  x: Float64Array;
  /** Labels, row-major: y[i * k + j] in {0, 1}. */
  y: Uint8Array;
  d: number;
  k: number;
  rows: number;
  featureNames: string[];
  labelNames: string[];
  /** Missing feature values (NaN entries of x come from these). */
  missing: number;
}

/** Reads one possibly quoted token (a name or value) starting at `pos`; quoted tokens honour backslash escapes. */
function readToken(s: string, pos: number, where: string): { token: string; end: number } {
  const quote = s[pos];
  if (quote !== "'" && quote !== '"') {
    let end = pos;
    while (end < s.length && !/\s/.test(s[end]!)) end++;
    return { token: s.slice(pos, end), end };
  }
  let token = '';
  for (let i = pos + 1; i < s.length; i++) {
    const c = s[i]!;
    if (c === quote) return { token, end: i + 1 };
    if (c === '\\' && i + 1 < s.length) {
      const e = s[++i]!;
      token += e === 'n' ? '\n' : e === 't' ? '\t' : e === 'r' ? '\r' : e;
    } else token += c;
  }
  throw rangeError(`Unterminated quote ${where}`);
}

/** Splits on commas outside quotes, trims, and unquotes each field (values, nominal lists, sparse entries). */
function splitFields(s: string, where: string): string[] {
  // Fast path: the big MULAN files have no quotes in their data lines.
  if (!s.includes("'") && !s.includes('"')) return s.split(',').map((t) => t.trim());
  const fields: string[] = [];
  let i = 0;
  for (;;) {
    while (i < s.length && /\s/.test(s[i]!)) i++;
    let field = '';
    if (s[i] === "'" || s[i] === '"') {
      const r = readToken(s, i, where);
      field = r.token;
      i = r.end;
      while (i < s.length && /\s/.test(s[i]!)) i++;
    } else {
      const start = i;
      while (i < s.length && s[i] !== ',') {
        // Skip a quoted part inside a field (a sparse entry `3 'a,b'`) so its commas do not split.
        i = s[i] === "'" || s[i] === '"' ? readToken(s, i, where).end : i + 1;
      }
      field = s.slice(start, i).trim();
    }
    fields.push(field);
    if (i >= s.length) return fields;
    if (s[i] !== ',') throw rangeError(`Expected a comma after ${quote(field)} ${where}`);
    i++;
  }
}

/**
 * Parses a Weka ARFF file as used by MULAN: `%` comments, CRLF or LF, `@relation`, `@attribute NAME TYPE` with
 * TYPE numeric/real/integer or a nominal `{v1,v2,...}`, then `@data` with dense or sparse rows.
 *
 * @param text - the file contents
 * @param source - name used in error messages (usually the file name)
 * @throws RangeError naming the line/row and file for malformed headers, wrong value counts, unknown nominal
 *   values, non-numeric numbers, and out-of-range sparse indices
 */
export function parseArff(text: string, source = 'input.arff'): Arff {
  const lines = text.replace(/^\uFEFF/, '').split(/\r\n|\n|\r/);
  let relation = '';
  const attributes: ArffAttribute[] = [];
  // Per attribute: nominal value -> index (null for numeric), so data lines are decoded by lookup.
  const lookups: (Map<string, number> | null)[] = [];
  const seen = new Set<string>();
  let lineNo = 0;
  for (; lineNo < lines.length; lineNo++) {
    const line = lines[lineNo]!.trim();
    if (line === '' || line.startsWith('%')) continue;
    const where = `at line ${lineNo + 1} of ${source}`;
    const keyword = line.split(/\s/, 1)[0]!.toLowerCase();
    if (keyword === '@data') break;
    if (keyword === '@relation') {
      const rest = line.slice(9).trimStart();
      relation = rest === '' ? '' : readToken(rest, 0, where).token;
    } else if (keyword === '@attribute') {
      const rest = line.slice(10).trimStart();
      if (rest === '') throw rangeError(`Expected an attribute name ${where}`);
      const { token: name, end } = readToken(rest, 0, where);
      const type = rest.slice(end).trim();
      if (seen.has(name)) throw rangeError(`Duplicate attribute name ${quote(name)} ${where}`);
      seen.add(name);
      if (/^(numeric|real|integer)$/i.test(type)) {
        attributes.push({ name, type: 'numeric' });
        lookups.push(null);
      } else if (type.startsWith('{') && type.endsWith('}')) {
        const values = splitFields(type.slice(1, -1), where);
        if (values.length === 0 || values.includes('')) throw rangeError(`Empty nominal value for attribute ${quote(name)} ${where}`);
        attributes.push({ name, type: 'nominal', values });
        lookups.push(new Map(values.map((v, i) => [v, i])));
      } else {
        throw rangeError(`Unsupported type ${quote(type)} for attribute ${quote(name)} ${where} (expected numeric or {nominal values})`);
      }
    } else {
      throw rangeError(`Unexpected header line ${quote(line)} ${where}`);
    }
  }
  if (lineNo >= lines.length) throw rangeError(`No @data section in ${source}`);
  if (attributes.length === 0) throw rangeError(`No @attribute declarations in ${source}`);

  const n = attributes.length;
  const rows: Float64Array[] = [];
  let missing = 0;
  const decode = (a: number, token: string, rowNo: number): number => {
    if (token === '?') {
      missing++;
      return NaN;
    }
    const lookup = lookups[a]!;
    const attr = attributes[a]!;
    if (lookup !== null) {
      const index = lookup.get(token);
      if (index === undefined) throw rangeError(`Expected one of {${clip(attr.values!.join(','))}} for attribute ${quote(attr.name)} in row ${rowNo} of ${source} but received ${quote(token)}`);
      return index;
    }
    const v = parseDecimal(token);
    if (!Number.isFinite(v)) throw rangeError(`Expected a number for attribute ${quote(attr.name)} in row ${rowNo} of ${source} but received ${quote(token)}`);
    return v;
  };
  for (lineNo++; lineNo < lines.length; lineNo++) {
    const line = lines[lineNo]!.trim();
    if (line === '' || line.startsWith('%')) continue;
    const rowNo = rows.length + 1;
    const where = `in row ${rowNo} of ${source}`;
    const row = new Float64Array(n); // zero-filled: the default of every absent sparse entry
    if (line.startsWith('{')) {
      if (!line.endsWith('}')) throw rangeError(`Expected a closing } ${where}`);
      const body = line.slice(1, -1).trim();
      const filled = new Uint8Array(n);
      for (const entry of body === '' ? [] : splitSparse(body, where)) {
        const a = entry.index;
        if (a >= n) throw rangeError(`Expected a sparse index in [0, ${n - 1}] ${where} but received ${a}`);
        if (filled[a]) throw rangeError(`Sparse index ${a} appears twice ${where}`);
        filled[a] = 1;
        row[a] = decode(a, entry.value, rowNo);
      }
    } else {
      const fields = splitFields(line, where);
      if (fields.length !== n) throw rangeError(`Expected ${n} values in row ${rowNo} of ${source} but received ${fields.length}`);
      for (let a = 0; a < n; a++) row[a] = decode(a, fields[a]!, rowNo);
    }
    rows.push(row);
  }
  return { relation, attributes, rows, missing, source };
}

/** Sparse entries `index value` (value possibly quoted). */
function splitSparse(body: string, where: string): { index: number; value: string }[] {
  return splitFields(body, where).map((entry) => {
    const m = /^(\d+)\s+(.+)$/s.exec(entry);
    if (m === null) throw rangeError(`Expected "index value" ${where} but received ${quote(entry)}`);
    const value = m[2]!.trim();
    // A quoted sparse value was not unquoted by splitFields (the quote is not at the start of the entry).
    const unquoted = value.startsWith("'") || value.startsWith('"') ? readToken(value, 0, where).token : value;
    return { index: Number(m[1]), value: unquoted };
  });
}

const entities: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

/** Replaces XML character and entity references (`&amp;`, `&#39;`, `&#x27;`). */
function decodeXml(s: string): string {
  return s.replace(/&(#x[0-9a-f]+|#[0-9]+|[a-z]+);/gi, (whole, ref: string) => {
    if (ref[0] === '#') return String.fromCodePoint(ref[1] === 'x' || ref[1] === 'X' ? parseInt(ref.slice(2), 16) : parseInt(ref.slice(1), 10));
    return entities[ref] ?? whole;
  });
}

/**
 * Label names from a MULAN label XML file (`<labels><label name="..."></label>...</labels>`), in file order;
 * nested (hierarchical) labels are flattened in document order.
 *
 * @throws RangeError when the file names no labels or names one twice
 */
export function parseMulanXml(text: string, source = 'labels.xml'): string[] {
  const body = text.replace(/<!--[\s\S]*?-->/g, ''); // commented-out labels are not labels
  const names: string[] = [];
  // `<label\b` does not match `<labels`: `\b` needs a non-word character after "label".
  for (const tag of body.matchAll(/<label\b([^>]*)>/g)) {
    const m = /\bname\s*=\s*(?:"([^"]*)"|'([^']*)')/.exec(tag[1]!);
    if (m === null) throw rangeError(`Expected a name attribute in ${quote(tag[0])} of ${source}`);
    const name = decodeXml(m[1] ?? m[2]!);
    if (names.includes(name)) throw rangeError(`Duplicate label ${quote(name)} in ${source}`);
    names.push(name);
  }
  if (names.length === 0) throw rangeError(`No <label name="..."> elements in ${source}`);
  return names;
}

/** True for a nominal attribute declared as exactly {0,1} (any order): kept as one 0/1 column, not one-hot. */
function isBinary01(attr: ArffAttribute): boolean {
  const v = attr.values;
  return v !== undefined && v.length === 2 && v.includes('0') && v.includes('1');
}

/**
 * Splits an ARFF table into features x and labels y.
 *
 * Labels: the attributes named by `labelNames` (the MULAN XML is authoritative), or else the last `labelCount`
 * attributes; either way the columns of y follow the attributes' order in the file (the returned `labelNames`
 * say which is which). Each label must hold 0 or 1 in every row. Features: every other attribute in
 * file order; numeric -> one column; nominal {0,1} -> one 0/1 column; any other nominal -> one-hot columns
 * named `name=value` (all levels kept). A missing feature value gives NaN (in all its one-hot columns).
 *
 * @throws TypeError when neither option is given; RangeError for unknown label names, a count mismatch, or a
 *   label value other than 0/1
 */
export function multilabelDataset(arff: Arff, options: { labelNames?: readonly string[] | undefined; labelCount?: number | undefined }): MultilabelDataset {
  const { attributes, rows, source } = arff;
  const n = attributes.length;
  const { labelNames, labelCount } = options;
  if (labelNames === undefined && labelCount === undefined) throw typeError(`Expected options.labelNames or options.labelCount for ${source} but received neither`);
  if (labelCount !== undefined && (!Number.isInteger(labelCount) || labelCount < 1 || labelCount >= n)) {
    throw rangeError(`Expected an integer in [1, ${n - 1}] for options.labelCount of ${source} but received ${labelCount}`);
  }
  let labelIdx: number[];
  if (labelNames !== undefined) {
    if (labelCount !== undefined && labelCount !== labelNames.length) throw rangeError(`Expected ${labelCount} label names for ${source} but received ${labelNames.length}`);
    const index = new Map(attributes.map((a, i) => [a.name, i]));
    labelIdx = labelNames.map((name) => {
      const i = index.get(name);
      if (i === undefined) throw rangeError(`Label ${quote(name)} is not an attribute of ${source}`);
      return i;
    });
    if (new Set(labelIdx).size !== labelIdx.length) throw rangeError(`Duplicate label names for ${source}`);
    // File order, not XML order (they differ in yeast and enron): --xml and --labels K then give the same y.
    labelIdx.sort((a, b) => a - b);
  } else {
    labelIdx = Array.from({ length: labelCount! }, (_, j) => n - labelCount! + j);
  }
  const isLabel = new Uint8Array(n);
  for (const i of labelIdx) {
    const attr = attributes[i]!;
    if (attr.type === 'nominal' && !attr.values!.every((v) => v === '0' || v === '1')) {
      throw rangeError(`Expected label attribute ${quote(attr.name)} of ${source} to be {0,1} but it is {${attr.values!.join(',')}}`);
    }
    isLabel[i] = 1;
  }

  // Feature columns: (attribute, one-hot level or -1 for a single column), and their names.
  const featureNames: string[] = [];
  const columns: { a: number; level: number }[] = [];
  for (let a = 0; a < n; a++) {
    if (isLabel[a]) continue;
    const attr = attributes[a]!;
    if (attr.type === 'numeric' || isBinary01(attr)) {
      columns.push({ a, level: -1 });
      featureNames.push(attr.name);
    } else {
      attr.values!.forEach((v, level) => {
        columns.push({ a, level });
        featureNames.push(`${attr.name}=${v}`);
      });
    }
  }

  const m = rows.length;
  const d = columns.length;
  const k = labelIdx.length;
  const x = new Float64Array(m * d);
  const y = new Uint8Array(m * k);
  let missing = 0;
  for (let r = 0; r < m; r++) {
    const row = rows[r]!;
    for (let c = 0; c < d; c++) {
      const { a, level } = columns[c]!;
      const v = row[a]!;
      const attr = attributes[a]!;
      if (Number.isNaN(v)) {
        x[r * d + c] = NaN;
        if (level <= 0) missing++; // count a missing one-hot feature once, at its first column
      } else if (attr.type === 'numeric') x[r * d + c] = v;
      else if (level < 0) x[r * d + c] = Number(attr.values![v]!); // {0,1}: the declared value, not its index
      else x[r * d + c] = v === level ? 1 : 0;
    }
    for (let j = 0; j < k; j++) {
      const attr = attributes[labelIdx[j]!]!;
      const raw = row[labelIdx[j]!]!;
      const v = attr.type === 'nominal' && !Number.isNaN(raw) ? Number(attr.values![raw]!) : raw;
      if (v !== 0 && v !== 1) throw rangeError(`Expected 0 or 1 for label ${quote(attr.name)} in row ${r + 1} of ${source} but received ${Number.isNaN(v) ? '?' : v}`);
      y[r * k + j] = v;
    }
  }
  return { x, y, d, k, rows: m, featureNames, labelNames: labelIdx.map((i) => attributes[i]!.name), missing };
}

/**
 * Reads a MULAN ARFF file and splits it into features and labels.
 *
 * @param arffPath - the .arff file
 * @param options - `xml`: the MULAN label XML (authoritative); `labels`: the label count K (last K attributes).
 *   With both, the XML must list exactly K labels.
 */
export function readMultilabel(arffPath: string, options: { xml?: string; labels?: number }): MultilabelDataset {
  if (options.xml === undefined && options.labels === undefined) throw typeError(`Expected options.xml or options.labels for ${basename(arffPath)} but received neither`);
  const arff = parseArff(readTextFile(arffPath, 'ARFF'), basename(arffPath));
  const labelNames = options.xml === undefined ? undefined : parseMulanXml(readTextFile(options.xml, 'MULAN XML'), basename(options.xml));
  return multilabelDataset(arff, { labelNames, labelCount: options.labels });
}
