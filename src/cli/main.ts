/**
 * The `ebm` command line. Each command is one file in commands/ returning serializable data; this file prints
 * it (`--json`: exactly one JSON object on stdout) and decides the exit code: 0 success, 2 bad input (the
 * message names the field), 1 anything else.
 */
import * as maxcut from './commands/maxcut.ts';
import * as sample from './commands/sample.ts';
import * as logz from './commands/logz.ts';
import * as info from './commands/info.ts';
import * as demo from './commands/demo.ts';
import * as train from './commands/train.ts';
import * as predict from './commands/predict.ts';
import * as qap from './commands/qap.ts';
import * as lap from './commands/lap.ts';

export interface CommandResult {
  json: unknown;
  text: string;
}

interface Command {
  usage: string;
  run(argv: string[]): Promise<CommandResult>;
}

const commands: Record<string, Command> = { maxcut, qap, lap, sample, logz, info, demo, train, predict };

function help(): string {
  return ['Usage:', ...Object.values(commands).map((c) => '  ' + c.usage), '', 'Exit codes: 0 success, 2 bad input, 1 other errors.'].join('\n');
}

/** 2 for input errors (ours are TypeError/RangeError; parseArgs errors carry ERR_PARSE_ARGS_*), else 1. */
export function exitCodeFor(error: unknown): number {
  if (error instanceof TypeError || error instanceof RangeError) return 2;
  const code = (error as { code?: unknown } | null)?.code;
  if (typeof code === 'string' && code.startsWith('ERR_PARSE_ARGS')) return 2;
  return 1;
}

export async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  const json = rest.includes('--json');
  if (name === undefined || name === 'help' || name === '--help' || name === '-h') {
    process.stdout.write(help() + '\n');
    return name === undefined ? 2 : 0;
  }
  const command = commands[name];
  if (!command) {
    process.stderr.write(`ebm: unknown command ${JSON.stringify(name)}\n${help()}\n`);
    return 2;
  }
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
