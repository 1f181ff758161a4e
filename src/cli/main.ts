/**
 * The `ebm` command line. Each command is one file in commands/ returning serializable data; this file prints
 * it (`--json`: exactly one JSON object on stdout) and decides the exit code: 0 success, 2 bad input (the
 * message names the field), 1 anything else.
 */
import { isInputError } from '../errors.ts';

export interface CommandResult {
  json: unknown;
  text: string;
}

interface Command {
  usage: string;
  run(argv: string[]): Promise<CommandResult>;
}

// Commands load on demand: `ebm sample` should not pay for loading TensorFlow.js (train/predict).
const commands: Record<string, () => Promise<Command>> = {
  maxcut: () => import('./commands/maxcut.ts'),
  qap: () => import('./commands/qap.ts'),
  lap: () => import('./commands/lap.ts'),
  sample: () => import('./commands/sample.ts'),
  logz: () => import('./commands/logz.ts'),
  info: () => import('./commands/info.ts'),
  demo: () => import('./commands/demo.ts'),
  train: () => import('./commands/train.ts'),
  predict: () => import('./commands/predict.ts'),
};

async function help(): Promise<string> {
  const usages = await Promise.all(Object.values(commands).map(async (load) => '  ' + (await load()).usage));
  return ['Usage:', ...usages, '', 'Exit codes: 0 success, 2 bad input, 1 other errors.'].join('\n');
}

/** 2 for input errors (marked by src/errors.ts; parseArgs errors carry ERR_PARSE_ARGS_*), else 1: a bug's TypeError is not bad input. */
export function exitCodeFor(error: unknown): number {
  if (isInputError(error)) return 2;
  const code = (error as { code?: unknown } | null)?.code;
  if (typeof code === 'string' && code.startsWith('ERR_PARSE_ARGS')) return 2;
  return 1;
}

export async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  const json = rest.includes('--json');
  if (name === undefined || name === 'help' || name === '--help' || name === '-h') {
    process.stdout.write((await help()) + '\n');
    return name === undefined ? 2 : 0;
  }
  const load = commands[name];
  if (!load) {
    process.stderr.write(`ebm: unknown command ${JSON.stringify(name)}\n${await help()}\n`);
    return 2;
  }
  const command = await load();
  if (rest.includes('--help') || rest.includes('-h')) {
    process.stdout.write(command.usage + '\n');
    return 0;
  }
  try {
    const r = await command.run(rest);
    if (json) process.stdout.write(JSON.stringify(r.json) + '\n');
    else if (r.text) process.stdout.write(r.text + '\n');
    return 0;
  } catch (error) {
    const code = exitCodeFor(error);
    const message = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
    if (json) process.stdout.write(JSON.stringify({ error: message, exitCode: code }) + '\n');
    process.stderr.write(`ebm ${name}: ${message}\n`);
    return code;
  }
}

if (process.argv[1] && import.meta.url === new URL(`file://${process.argv[1]}`).href) {
  process.exitCode = await main(process.argv.slice(2));
}
