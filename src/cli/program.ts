/**
 * The commander program behind `ebm`, built from each command's declared operands and flags (args.ts). Only
 * the command being run (or asked about with `ebm help CMD`) is loaded: `ebm sample` should not pay for
 * TensorFlow.js. Commander parses, suggests ("Did you mean --time?") and prints help, but never exits:
 * runCli returns the exit code and prints results and errors itself (`--json`: exactly one JSON object).
 */
import { Argument, Command, CommanderError, Option } from 'commander';
import { isInputError } from '../errors.ts';
import { COMMON_FLAGS, parseNumberFlag, type CommandModule, type CommandResult, type Flag, type Flags } from './args.ts';
import { INTERRUPTED_EXIT_CODE, Session } from './session.ts';
import { packageVersion } from './version.ts';

/** Every command with its one-line description; the module loads on demand. */
const COMMANDS: Readonly<Record<string, { summary: string; load: () => Promise<CommandModule> }>> = {
  maxcut: { summary: 'max-cut of a Gset graph by parallel tempering or annealing', load: () => import('./commands/maxcut.ts') },
  qap: { summary: 'quadratic assignment of a QAPLIB .dat instance', load: () => import('./commands/qap.ts') },
  lap: { summary: 'exact linear assignment of a square cost matrix', load: () => import('./commands/lap.ts') },
  sample: { summary: 'samples from p(y) ∝ exp(-beta E(y)) of a model file, tallied by state', load: () => import('./commands/sample.ts') },
  minimize: { summary: 'lowest-energy state of a model file by parallel tempering, annealing or tabu search', load: () => import('./commands/minimize.ts') },
  check: { summary: 'checks sampled states (counts or JSON lines) against the exact distribution of a model file', load: () => import('./commands/check.ts') },
  logz: { summary: 'log Z = log Σ_y exp(-beta E(y)) of a model file, exact or by parallel tempering', load: () => import('./commands/logz.ts') },
  train: { summary: 'learn an energy model: multilabel (MULAN ARFF) or label ranking (CSV)', load: () => import('./commands/train.ts') },
  predict: { summary: 'MAP predictions of a model saved by ebm train --save', load: () => import('./commands/predict.ts') },
  info: { summary: 'addon build, SIMD width, CUDA devices and TensorFlow.js backends', load: () => import('./commands/info.ts') },
  bench: { summary: 'sampling throughput (attempts/ns) of a set model or Gset graph beside a scalar reference in the same run', load: () => import('./commands/bench.ts') },
  demo: { summary: 'a short tour on the embedded data (npm start)', load: () => import('./commands/demo.ts') },
  worker: { summary: 'runs queued jobs (ebm submit) from Redis until SIGTERM', load: () => import('./commands/worker.ts') },
  submit: { summary: 'queues a lap, qap, maxcut, minimize, sample, logz or train job on Redis for ebm worker; --wait prints its result', load: () => import('./commands/submit.ts') },
  serve: { summary: 'the HTTP service: solve routes, jobs with live progress, metrics and a dashboard', load: () => import('./commands/serve.ts') },
};

const FOOTER = [
  '',
  'Every command takes --json (exactly one JSON object on stdout) and --quiet (no progress on stderr).',
  'A FILE or MODEL argument "-" reads it from stdin. Ctrl-C stops maxcut, qap, sample, lap and logz --method pt',
  'with their best so far (printed as usual; lap: its assignment completed greedily, not proven optimal) and',
  'exact logz with an AbortError; a second Ctrl-C quits at once.',
  'Exit codes: 0 success, 2 bad input, 1 other errors, 130 interrupted.',
].join('\n');

/** 2 for bad input (errors marked by src/errors.ts, commander usage errors), else 1: a bug's TypeError is not bad input. */
export function exitCodeFor(error: unknown): number {
  return isInputError(error) || error instanceof CommanderError ? 2 : 1;
}

export async function runCli(argv: string[]): Promise<number> {
  const json = argv.includes('--json');
  const asked = argv[0] === 'help' ? argv[1] : argv[0];
  const entry = asked !== undefined && Object.hasOwn(COMMANDS, asked) ? COMMANDS[asked] : undefined;
  let exitCode = 0;
  try {
    const loaded = entry && asked !== undefined ? { name: asked, module: await entry.load() } : undefined;
    const program = buildProgram(loaded, (code) => (exitCode = code));
    if (argv.length === 0) {
      program.outputHelp();
      return 0;
    }
    // `ebm help frobnicate` answers like `ebm frobnicate`: unknown command, with a suggestion.
    await program.parseAsync(argv[0] === 'help' && asked !== undefined && entry === undefined ? [asked] : argv, { from: 'user' });
  } catch (error) {
    // Help (and --version with other arguments) is printed by commander and is a success.
    if (error instanceof CommanderError && error.exitCode === 0) return 0;
    return report(error, json, entry ? asked : undefined);
  }
  return exitCode;
}

type Loaded = { name: string; module: CommandModule };

function buildProgram(loaded: Loaded | undefined, onExit: (code: number) => void): Command {
  const program = new Command('ebm')
    .description('Energy-based models over sets and permutations: sampling, log Z, max-cut, QAP, assignment, learning.')
    .version(packageVersion(), '-V, --version', 'print the package version')
    .exitOverride()
    // Errors are printed by runCli, as text on stderr and, with --json, as the one JSON object.
    .configureOutput({ outputError: () => {} })
    // Our descriptions already carry type and default; off a terminal, no wrapping keeps one line per flag.
    .configureHelp({ optionDescription: (option) => option.description, ...(process.stdout.isTTY ? {} : { helpWidth: 200 }) })
    .showSuggestionAfterError()
    .helpCommand('help [command]', 'usage and flags of a command')
    .addHelpText('afterAll', FOOTER);
  for (const [name, { summary }] of Object.entries(COMMANDS)) {
    // Subcommands made with .command() inherit exitOverride, the output and help settings.
    const command = program.command(name).description(summary);
    if (loaded?.name === name) declare(command, loaded, onExit);
  }
  return program;
}

function declare(command: Command, { name, module }: Loaded, onExit: (code: number) => void): void {
  for (const operand of module.operands) {
    const argument = new Argument(`<${operand.name}>`, operand.meaning);
    if (operand.choices) argument.choices(operand.choices);
    command.addArgument(argument);
  }
  const options = new Map<Flag, Option>();
  for (const flag of [...module.flags, ...COMMON_FLAGS]) {
    const option = new Option(flag.value === undefined ? `--${flag.name}` : `--${flag.name} <${flag.value}>`, flagDescription(flag));
    if (flag.type === 'number') option.argParser((text: string) => parseNumberFlag(flag.name, text));
    else if (Array.isArray(flag.type)) option.choices(flag.type);
    if (flag.required) option.makeOptionMandatory();
    command.addOption(option);
    options.set(flag, option);
  }
  command.action(async () => onExit(await execute(name, module, command.processedArgs as string[], flagValues(command, options))));
}

/** "wall-clock budget in seconds [number, default 10]": the one help line of a flag. */
export function flagDescription(flag: Flag): string {
  const type = typeof flag.type === 'string' ? flag.type : flag.type.join('|');
  const dflt = flag.required ? 'required' : `default ${flag.default ?? flag.defaultText ?? (flag.type === 'boolean' ? 'off' : 'none')}`;
  return `${flag.meaning} [${type}, ${dflt}]`;
}

/** Values by flag name, defaults applied; a boolean is true only when given (--no-x sets x's attribute false). */
function flagValues(command: Command, options: Map<Flag, Option>): Flags {
  const values: Record<string, string | number | boolean | undefined> = {};
  for (const [flag, option] of options) {
    const key = option.attributeName();
    const value: unknown = command.getOptionValue(key);
    if (flag.type === 'boolean') values[flag.name] = command.getOptionValueSource(key) === 'cli' && value === !option.negate ? true : undefined;
    else values[flag.name] = (value as string | number | undefined) ?? flag.default;
  }
  return values;
}

async function execute(name: string, module: CommandModule, operands: string[], flags: Flags): Promise<number> {
  const json = flags.json === true;
  const session = new Session(json, flags.quiet === true);
  let outcome: { result: CommandResult } | { error: unknown };
  try {
    outcome = { result: await module.run(operands, flags, session) };
  } catch (error) {
    outcome = { error };
  } finally {
    session.close();
  }
  const code = 'error' in outcome ? report(outcome.error, json, name) : print(outcome.result, json);
  return session.interrupted ? INTERRUPTED_EXIT_CODE : code;
}

function print(result: CommandResult, json: boolean): number {
  if (json) process.stdout.write(JSON.stringify(result.json) + '\n');
  else if (result.text) process.stdout.write(result.text + '\n');
  return result.exitCode ?? 0;
}

function report(error: unknown, json: boolean, command: string | undefined): number {
  const code = exitCodeFor(error);
  const usage = error instanceof CommanderError;
  // Commander words its messages "error: unknown option '--tme'\n(Did you mean --time?)".
  const message = usage ? `UsageError: ${error.message.replace(/^error: /, '').replace(/\n/g, ' ')}` : error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  if (json) process.stdout.write(JSON.stringify({ error: message, exitCode: code }) + '\n');
  const where = command === undefined ? 'ebm' : `ebm ${command}`;
  process.stderr.write(`${where}: ${message}\n` + (usage ? `Run "ebm help${command === undefined ? '' : ' ' + command}" for usage.\n` : ''));
  return code;
}
