/**
 * What the queue tests share: a real redis-server of their own (a free port, a temporary folder, no persistence
 * except the one explicit save of a restart), and real `ebm worker` processes (bin/ebm.js on dist/: build first).
 * A missing redis-server fails the test: these tests are never skipped.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, before } from 'node:test';
import { createQueueClient, type QueueClient } from '../../src/queue/index.ts';

export const REDIS_SERVER = '/usr/bin/redis-server';
const ebmBin = fileURLToPath(new URL('../../bin/ebm.js', import.meta.url));

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

/** Resolves once `child`'s output (stdout or stderr) has contained `text`; rejects if it exits first. */
export function outputContains(child: ChildProcess, text: string, timeoutMs = 20_000): Promise<void> {
  return new Promise((resolve, reject) => {
    let seen = '';
    const timer = setTimeout(() => reject(new Error(`no "${text}" within ${timeoutMs} ms; output so far:\n${seen}`)), timeoutMs);
    const onData = (chunk: Buffer) => {
      seen += chunk.toString();
      if (seen.includes(text)) done(resolve);
    };
    const onExit = (code: number | null) => done(() => reject(new Error(`exited (${code}) before "${text}"; output:\n${seen}`)));
    const done = (then: () => void) => {
      clearTimeout(timer);
      child.stdout?.off('data', onData);
      child.stderr?.off('data', onData);
      child.off('exit', onExit);
      then();
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    child.once('exit', onExit);
  });
}

export class Redis {
  private process: ChildProcess | undefined;

  private constructor(
    readonly port: number,
    readonly dir: string,
  ) {}

  static async start(): Promise<Redis> {
    if (!existsSync(REDIS_SERVER)) throw new Error(`${REDIS_SERVER} is missing: the queue tests need Debian's redis-server (apt-get install redis-server; .ci/run installs it)`);
    // BullMQ 6 loads its Redis driver, a peer dependency, only when it first connects: say so plainly here.
    try {
      createRequire(import.meta.url).resolve('ioredis');
    } catch {
      throw new Error("ioredis is not installed: BullMQ needs it as its Redis driver (a dependency of discrete-ebm's queue)");
    }
    const redis = new Redis(await freePort(), mkdtempSync(join(tmpdir(), 'ebm-redis-')));
    await redis.launch();
    return redis;
  }

  get url(): string {
    return `redis://127.0.0.1:${this.port}`;
  }

  private async launch(): Promise<void> {
    // --save '' and no AOF: nothing is written unless a restart asks for it (SHUTDOWN SAVE).
    this.process = spawn(REDIS_SERVER, ['--port', String(this.port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--dir', this.dir], { stdio: ['ignore', 'pipe', 'pipe'] });
    await outputContains(this.process, 'Ready to accept connections');
  }

  /** One command through redis-cli (Debian's redis-tools, installed with redis-server). */
  command(...args: string[]): string {
    const r = spawnSync('redis-cli', ['-p', String(this.port), ...args], { encoding: 'utf8' });
    if (r.error) throw r.error;
    return r.stdout.trim();
  }

  /** Stops the server after saving its data, and starts it again on the same port from that data. */
  async restart(downMs: number): Promise<void> {
    const exited = new Promise((resolve) => this.process!.once('exit', resolve));
    this.command('SHUTDOWN', 'SAVE');
    await exited;
    await new Promise((resolve) => setTimeout(resolve, downMs));
    await this.launch();
  }

  async stop(): Promise<void> {
    const p = this.process;
    this.process = undefined;
    if (p && p.exitCode === null) {
      const exited = new Promise((resolve) => p.once('exit', resolve));
      p.kill('SIGKILL');
      await exited;
    }
    rmSync(this.dir, { recursive: true, force: true });
  }
}

/** Every worker started here; any still alive when the test process exits is killed (none is left behind). */
const spawned = new Set<ChildProcess>();
process.on('exit', () => spawned.forEach((child) => child.exitCode === null && child.signalCode === null && child.kill('SIGKILL')));

/** An `ebm worker` process on `redis`, ready once it says it is taking jobs (so not --quiet). */
export async function startWorker(redis: Redis, args: string[] = []): Promise<ChildProcess> {
  const child = spawn(process.execPath, [ebmBin, 'worker', '--redis', redis.url, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  spawned.add(child);
  child.once('exit', () => spawned.delete(child));
  // Always read: a full pipe would block the worker's writes (synchronous on Linux) and with them its event loop.
  child.stdout!.on('data', () => {});
  child.stderr!.on('data', () => {});
  await outputContains(child, 'taking jobs');
  return child;
}

/** SIGTERM, then the exit code (the worker finishes its running jobs first; SIGKILL after `graceMs`). */
export function stopWorker(child: ChildProcess, graceMs = 20_000): Promise<number | null> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve(child.exitCode);
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
  return exited.finally(() => clearTimeout(timer));
}

/** Each queue test's limit: a lost job would otherwise wait for its result forever. */
export const TEST_TIMEOUT_MS = 120_000;

/**
 * Called first in a file's `after`: should the clean-up hang, or a Redis client that a failed test left open keep
 * reconnecting to the stopped server (and so keep the process alive), the file still ends with its results
 * 30 s later, instead of hanging CI.
 */
export function exitSoon(): void {
  setTimeout(() => process.exit(), 30_000).unref();
}

/** A test file's Redis, its client and the workers it started: started before the file's tests, stopped after. */
export interface QueueFixture {
  redis: Redis;
  client: QueueClient;
  /** Workers to stop after the tests (push the ones a test starts). */
  running: ChildProcess[];
}

/** Registers the file's before/after hooks for a QueueFixture; `cleanup` runs last. */
export function useQueue(cleanup: () => void = () => {}): QueueFixture {
  const q = { running: [] as ChildProcess[] } as unknown as QueueFixture;
  before(async () => {
    q.redis = await Redis.start();
    q.client = await createQueueClient({ connection: q.redis.url });
  });
  after(async () => {
    exitSoon();
    await q.client.close();
    for (const w of q.running) await stopWorker(w);
    await q.redis.stop();
    cleanup();
  });
  return q;
}

/** Runs `ebm ARGS` to completion (async, so that the test's own Redis clients keep running). */
export function ebm(args: string[], input?: string): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [ebmBin, ...args], { stdio: [input === undefined ? 'ignore' : 'pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout!.on('data', (c: Buffer) => (stdout += c.toString()));
    child.stderr!.on('data', (c: Buffer) => (stderr += c.toString()));
    if (input !== undefined) child.stdin!.end(input);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

/**
 * Counts the "completed" events of a queue per job id, from the start of its event stream (so none is missed):
 * Redis records one per completion, atomically with the job's move to completed.
 */
export async function completionCounter(redis: Redis, queue = 'ebm'): Promise<{ counts: Map<string, number>; total: () => number; close: () => Promise<void> }> {
  const { QueueEvents } = await import('bullmq');
  const events = new QueueEvents(queue, { connection: { url: redis.url }, lastEventId: '0' });
  const counts = new Map<string, number>();
  events.on('completed', ({ jobId }) => counts.set(jobId, (counts.get(jobId) ?? 0) + 1));
  events.on('error', () => {});
  await events.waitUntilReady();
  return { counts, total: () => [...counts.values()].reduce((a, b) => a + b, 0), close: () => events.close() };
}

/** Resolves when `condition()` holds, polling every 20 ms; rejects after `timeoutMs`. */
export async function until(condition: () => boolean | Promise<boolean>, what: string, timeoutMs = 60_000): Promise<void> {
  const start = Date.now();
  while (!(await condition())) {
    if (Date.now() - start > timeoutMs) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
