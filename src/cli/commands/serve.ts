/**
 * ebm serve: the HTTP service (src/service) on 127.0.0.1:8080 unless told otherwise. It runs until SIGTERM
 * (exit 0) or Ctrl-C (exit 130): it stops accepting, cancels running jobs keeping their best-so-far, and
 * exits within 5 s. With --redis, jobs live on the queue instead and are left there for the workers.
 */
import { readFileSync } from 'node:fs';
import { createServer } from '../../service/server.ts';
import { closePool } from '../../pool/pool.ts';
import { rangeError } from '../../errors.ts';
import { mustNum, mustStr, num, str, type CommandResult, type Flag, type Flags, type Operand, type RunContext } from '../args.ts';

export const operands: readonly Operand[] = [];

export const flags: readonly Flag[] = [
  { name: 'port', value: 'P', type: 'number', default: 8080, meaning: 'TCP port (0: any free port, printed on stderr)' },
  { name: 'host', value: 'H', type: 'string', default: '127.0.0.1', meaning: 'address to bind (0.0.0.0 to accept other machines)' },
  { name: 'workers', value: 'W', type: 'number', defaultText: 'the number of cores', meaning: 'worker threads of the pool (and jobs run at once)' },
  { name: 'token-file', value: 'F', type: 'string', defaultText: '$EBM_TOKEN_FILE, else no token', meaning: 'require Authorization: Bearer <the file\'s first line>' },
  { name: 'models', value: 'DIR', type: 'string', meaning: 'folder of models saved by ebm train --save DIR/NAME, for /v1/predict' },
  { name: 'max-body-mb', value: 'MB', type: 'number', default: 10, meaning: 'largest request body in MiB (413 beyond)' },
  { name: 'max-queue', value: 'Q', type: 'number', default: 64, meaning: 'jobs and solves in flight beyond which requests get 503' },
  { name: 'redis', value: 'URL', type: 'string', meaning: "put /v1/jobs on this Redis's BullMQ queue for ebm worker (servers on one Redis share the workers); default: jobs run here" },
  { name: 'queue', value: 'NAME', type: 'string', default: 'ebm', meaning: 'with --redis: the queue name (the workers\' --queue)' },
];

/** Shutdown must end within 5 s even if a native run ignored its cancel flag. */
const EXIT_DEADLINE_MS = 4500;

/** The token: the file's first line (a trailing newline from `echo` is not part of it). */
function readToken(file: string): string {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    throw rangeError(`Cannot read token file ${file}: ${(e as Error).message}`);
  }
  const token = text.split(/\r?\n/)[0]!.trim();
  if (token === '') throw rangeError(`Expected a token on the first line of ${file} but it is empty`);
  return token;
}

export async function run(_operands: string[], flags: Flags, context: RunContext): Promise<CommandResult> {
  const port = mustNum(flags, 'port');
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw rangeError(`Expected integer in [0, 65535] for --port but received ${port}`);
  const maxBodyMb = mustNum(flags, 'max-body-mb');
  if (!(maxBodyMb > 0)) throw rangeError(`Expected a number > 0 for --max-body-mb but received ${maxBodyMb}`);
  const tokenFile = str(flags, 'token-file') ?? process.env.EBM_TOKEN_FILE;
  const workers = num(flags, 'workers');
  const models = str(flags, 'models');
  const redis = str(flags, 'redis');
  const app = createServer({
    ...(workers !== undefined && { workers }),
    ...(tokenFile !== undefined && tokenFile !== '' && { token: readToken(tokenFile) }),
    ...(models !== undefined && { modelsDir: models }),
    bodyLimit: Math.round(maxBodyMb * 1024 * 1024),
    maxQueue: mustNum(flags, 'max-queue'),
    ...(redis !== undefined && { redis, queue: mustStr(flags, 'queue') }),
  });
  // Printed once Fastify answers new requests with 503, before the running jobs are cancelled.
  app.addHook('preClose', async () => void process.stderr.write('ebm serve: stopping (new requests get 503; running jobs are cancelled)\n'));
  const address = await app.listen({ port, host: mustStr(flags, 'host') });
  const jobs = redis !== undefined ? `; jobs on queue ${mustStr(flags, 'queue')} at ${redis}` : '';
  process.stderr.write(`ebm serve: listening on ${address}${tokenFile ? ' (bearer token required)' : ''}${jobs}\n`);
  const interrupt = context.interruptSignal();
  const signal = await new Promise<string>((resolve) => {
    process.once('SIGTERM', () => resolve('SIGTERM'));
    interrupt.addEventListener('abort', () => resolve('SIGINT'), { once: true });
  });
  // Unref'd: it only fires if something still holds the process after the orderly close below.
  setTimeout(() => process.exit(signal === 'SIGINT' ? 130 : 0), EXIT_DEADLINE_MS).unref();
  await app.close();
  await closePool();
  return { json: { address, stopped: signal }, text: `ebm serve: stopped (${signal})` };
}
