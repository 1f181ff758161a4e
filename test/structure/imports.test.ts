/**
 * No import cycles in src/: the static imports of every src/**\/*.ts (`import ... from`, `export ... from`,
 * type-only ones too; dynamic import() is not a static edge) form a graph that must have no cycle.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const src = fileURLToPath(new URL('../../src', import.meta.url));

// `import x from './a.ts'`, `import type { T } from '../b.ts'`, `export { y } from './c.ts'`, `import './d.ts'`;
// [^;]*? spans multi-line specifier lists, and `from` must follow the clause, so `import(` never matches.
const STATIC_IMPORT = /^\s*(?:import|export)\s+(?:[^;'"()]*?\s+from\s+)?['"](\.{1,2}\/[^'"]+)['"]/gm;

/** Relative static imports of one file, resolved to paths relative to src/. */
function staticImports(file: string, text: string): string[] {
  const out: string[] = [];
  for (const m of text.matchAll(STATIC_IMPORT)) {
    const target = resolve(dirname(file), m[1]!);
    if (existsSync(target)) out.push(relative(src, target));
  }
  return out;
}

/** The cycles closed by back edges of a depth-first search, each as a path a -> b -> ... -> a (none: []). */
function findCycles(graph: Map<string, string[]>): string[][] {
  const state = new Map<string, 'open' | 'done'>();
  const stack: string[] = [];
  const cycles: string[][] = [];
  const visit = (node: string): void => {
    state.set(node, 'open');
    stack.push(node);
    for (const next of graph.get(node) ?? []) {
      if (state.get(next) === 'open') cycles.push([...stack.slice(stack.indexOf(next)), next]);
      else if (state.get(next) === undefined) visit(next);
    }
    stack.pop();
    state.set(node, 'done');
  };
  for (const node of [...graph.keys()].sort()) if (state.get(node) === undefined) visit(node);
  return cycles;
}

test('the cycle finder sees a type-only cycle and ignores dynamic import()', () => {
  const a = join(src, 'cancel.ts');
  assert.deepEqual(staticImports(a, "import type { X } from './errors.ts';\nconst m = await import('./native.ts');"), ['errors.ts']);
  assert.deepEqual(staticImports(a, "export {\n  a,\n  b,\n} from './errors.ts';"), ['errors.ts']);
  assert.deepEqual(findCycles(new Map([['a', ['b']], ['b', ['c']], ['c', ['a']]])), [['a', 'b', 'c', 'a']]);
  assert.deepEqual(findCycles(new Map([['a', ['b', 'c']], ['b', ['a']], ['c', ['c']]])), [['a', 'b', 'a'], ['c', 'c']]);
  assert.deepEqual(findCycles(new Map([['a', ['b']], ['b', []]])), []);
});

test('src/ has no import cycle', () => {
  const files = readdirSync(src, { recursive: true }).map(String).filter((f) => f.endsWith('.ts'));
  const graph = new Map(files.map((f) => [f, staticImports(join(src, f), readFileSync(join(src, f), 'utf8'))]));
  const cycles = findCycles(graph);
  assert.deepEqual(cycles, [], `import cycles in src/:\n${cycles.map((c) => c.join(' -> ')).join('\n')}`);
});
