/** `npm run docs`: the API reference builds from the doc comments with no TypeDoc warning (a missing export, a broken link). */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../../', import.meta.url));

test('TypeDoc builds the API reference without warnings', () => {
  const out = mkdtempSync(join(tmpdir(), 'ebm-docs-'));
  const typedoc = join(createRequire(import.meta.url).resolve('typedoc/package.json'), '..', 'bin', 'typedoc');
  const r = spawnSync(process.execPath, [typedoc, '--out', out, '--treatWarningsAsErrors'], { cwd: root, encoding: 'utf8' });
  assert.equal(r.status, 0, r.stdout + r.stderr);
  assert.ok(existsSync(join(out, 'index.html')));
  assert.ok(existsSync(join(out, 'functions', 'assign.html')), 'assign is documented');
});
