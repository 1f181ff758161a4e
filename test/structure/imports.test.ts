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

/** The first cycle found by depth-first search, as a path a -> b -> ... -> a, or null. */
function findCycle(graph: Map<string, string[]>): string[] | null {
  const state = new Map<string, 'open' | 'done'>();
  const stack: string[] = [];
  const visit = (node: string): string[] | null => {
    state.set(node, 'open');
    stack.push(node);
    for (const next of graph.get(node) ?? []) {
      if (state.get(next) === 'open') return [...stack.slice(stack.indexOf(next)), next];
      if (state.get(next) === undefined) {
        const cycle = visit(next);
        if (cycle) return cycle;
      }
    }
    stack.pop();
    state.set(node, 'done');
    return null;
  };
  for (const node of [...graph.keys()].sort()) {
    if (state.get(node) !== undefined) continue;
    const cycle = visit(node);
    if (cycle) return cycle;
  }
  return null;
}

test('the cycle finder sees a type-only cycle and ignores dynamic import()', () => {
  const a = join(src, 'cancel.ts');
  assert.deepEqual(staticImports(a, "import type { X } from './errors.ts';\nconst m = await import('./native.ts');"), ['errors.ts']);
  assert.deepEqual(staticImports(a, "export {\n  a,\n  b,\n} from './errors.ts';"), ['errors.ts']);
  assert.deepEqual(findCycle(new Map([['a', ['b']], ['b', ['c']], ['c', ['a']]])), ['a', 'b', 'c', 'a']);
  assert.equal(findCycle(new Map([['a', ['b']], ['b', []]])), null);
});

test('src/ has no import cycle', () => {
  const files = readdirSync(src, { recursive: true }).map(String).filter((f) => f.endsWith('.ts'));
  const graph = new Map(files.map((f) => [f, staticImports(join(src, f), readFileSync(join(src, f), 'utf8'))]));
  const cycle = findCycle(graph);
  assert.equal(cycle, null, `import cycle in src/: ${cycle?.join(' -> ')}`);
});
