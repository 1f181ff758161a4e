/** The `ebm` argument layer: version, help, suggestions for typos, exit codes. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { CommanderError } from 'commander';
import { exitCodeFor, flagDescription } from '../../src/cli/program.ts';
import { COMMON_FLAGS } from '../../src/cli/args.ts';
import { flags as maxcutFlags } from '../../src/cli/commands/maxcut.ts';
import { rangeError, typeError } from '../../src/errors.ts';
import { runEbm } from '../helpers.ts';

const g1 = fileURLToPath(new URL('../../data/G1.txt', import.meta.url));
const version = (JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string }).version;

const ebm = (...args: string[]) => runEbm(args);

test('ebm --version and -V print the package version', () => {
  for (const flag of ['--version', '-V']) {
    const r = ebm(flag);
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.stdout, `${version}\n`);
  }
});

test('ebm help maxcut and ebm maxcut --help: one line per flag with its type, default and meaning', () => {
  const help = ebm('help', 'maxcut');
  const flagHelp = ebm('maxcut', '--help');
  assert.equal(help.code, 0, help.stderr);
  assert.equal(flagHelp.code, 0, flagHelp.stderr);
  assert.equal(help.stdout, flagHelp.stdout);
  assert.match(help.stdout, /^Usage: ebm maxcut \[options\] <FILE>/);
  const lines = help.stdout.split('\n');
  for (const flag of [...maxcutFlags, ...COMMON_FLAGS]) {
    const line = lines.find((l) => new RegExp(`^ +--${flag.name}( |$)`).test(l));
    assert.ok(line, `--${flag.name} in\n${help.stdout}`);
    assert.ok(line.includes(flagDescription(flag)), line);
  }
  assert.match(help.stdout, /--time <S> +wall-clock budget in seconds \[number, default 10\]/);
  assert.match(help.stdout, /--method <M> +.*\[pt\|sa\|hybrid\|tabu, default pt\]/);
});

test('bare ebm prints the overall help and exits 0; ebm help lists each command with a description', () => {
  const bare = ebm();
  assert.equal(bare.code, 0, bare.stderr);
  const help = ebm('help');
  assert.equal(help.code, 0, help.stderr);
  assert.equal(bare.stdout, help.stdout);
  for (const name of ['maxcut', 'qap', 'lap', 'sample', 'logz', 'train', 'predict', 'info', 'demo']) assert.match(help.stdout, new RegExp(`^  ${name} +\\S`, 'm'));
  assert.match(help.stdout, /Exit codes: 0 success, 2 bad input, 1 other errors, 130 interrupted/);
});

test('a mistyped flag exits 2 with a suggestion, never a raw parser message; --json too', () => {
  let r = ebm('maxcut', g1, '--tme', '5');
  assert.equal(r.code, 2);
  assert.match(r.stderr, /unknown option '--tme'.*Did you mean --time\?/);
  assert.doesNotMatch(r.stderr, /ERR_PARSE_ARGS/);
  r = ebm('maxcut', g1, '--tme', '5', '--json');
  assert.equal(r.code, 2);
  const out = JSON.parse(r.stdout) as { error: string; exitCode: number };
  assert.equal(out.exitCode, 2);
  assert.match(out.error, /Did you mean --time\?/);
  r = ebm('maxcut', g1, '--time', 'soon');
  assert.equal(r.code, 2);
  assert.match(r.stderr, /Expected a number for --time but received "soon"/);
  r = ebm('maxcut', g1, '--method', 'gibbs');
  assert.equal(r.code, 2);
  assert.match(r.stderr, /pt, sa, hybrid, tabu/);
});

test('an unknown command exits 2 with a suggestion (also after help)', () => {
  for (const args of [['maxcat'], ['help', 'maxcat']]) {
    const r = ebm(...args);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /unknown command 'maxcat'.*Did you mean maxcut\?/);
  }
});

test('exitCodeFor: 2 for marked input errors and usage errors, 1 for anything else', () => {
  assert.equal(exitCodeFor(new TypeError('x is not a function')), 1);
  assert.equal(exitCodeFor(new RangeError('Invalid array length')), 1);
  assert.equal(exitCodeFor('thrown string'), 1);
  assert.equal(exitCodeFor(rangeError('Expected a number > 0 for --time but received -1')), 2);
  assert.equal(exitCodeFor(typeError('Expected finite number for unary[1] but received "x"')), 2);
  assert.equal(exitCodeFor(new CommanderError(1, 'commander.unknownOption', "error: unknown option '--tme'")), 2);
});
