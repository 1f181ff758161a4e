/**
 * The HTTP service under load: `npm run bench -- service [--seconds S] [--qap-seconds S] [--connections C]`.
 * Starts `ebm serve` (from src/, in a child process, so the load generator's memory is not the server's) on
 * loopback and drives it with autocannon: POST /v1/lap at n = 100 for S seconds (default 120: the steady load
 * whose server RSS is read before and after, following a 20 s warm-up), then POST /v1/qap on nug12 with a 200 ms budget for the QAP
 * seconds (default 30). Prints requests/s, latency p50/p99, errors; writes bench/results/service.json.
 */
import { spawn } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';
import { mulberry32 } from '../src/data/preprocess.ts';

const main = fileURLToPath(new URL('../src/cli/main.ts', import.meta.url));
const nug12 = readFileSync(fileURLToPath(new URL('../data/nug12.dat', import.meta.url)), 'utf8');

/** Seconds of /v1/lap load before the first RSS reading. */
const WARM_UP_SECONDS = 20;

function flag(args: string[], name: string, fallback: number): number {
  const k = args.indexOf(`--${name}`);
  return k >= 0 ? Number(args[k + 1]) : fallback;
}

/** Resident set size of a process in MiB (Linux /proc). */
function rssMiB(pid: number): number {
  const kb = Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))![1]);
  return kb / 1024;
}

async function load(url: string, body: string, connections: number, seconds: number) {
  const r = await autocannon({ url, method: 'POST', headers: { 'content-type': 'application/json' }, body, connections, duration: seconds });
  return { requestsPerSecond: r.requests.average, p50ms: r.latency.p50, p99ms: r.latency.p99, requests: r.requests.total, errors: r.errors, timeouts: r.timeouts, non2xx: r.non2xx };
}

export async function run(args: string[]): Promise<void> {
  const seconds = flag(args, 'seconds', 120);
  const qapSeconds = flag(args, 'qap-seconds', 30);
  const connections = flag(args, 'connections', 16);
  const workers = availableParallelism();
  const child = spawn(process.execPath, ['--import', 'tsx', main, 'serve', '--port', '0', '--workers', String(workers), '--max-queue', '256'], { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (d) => (stderr += d));
  const base = await new Promise<string>((resolve, reject) => {
    child.stderr.on('data', () => {
      const m = /listening on (http:\/\/\S+)/.exec(stderr);
      if (m) resolve(m[1]!);
    });
    child.on('exit', (code) => reject(new Error(`ebm serve exited ${code}: ${stderr}`)));
  });
  try {
    const rand = mulberry32(100);
    const lapBody = JSON.stringify({ cost: Array.from({ length: 100 }, () => Array.from({ length: 100 }, () => Math.floor(rand() * 1000))) });
    // A warm-up (worker threads started, code compiled, the heap grown to its working size) before the RSS
    // that the steady load is compared with; RSS is also read every 10 s, to tell a plateau from a leak.
    await load(`${base}/v1/lap`, lapBody, connections, WARM_UP_SECONDS);
    const rssBefore = rssMiB(child.pid!);
    const rssSeries: number[] = [];
    const sampler = setInterval(() => rssSeries.push(Math.round(rssMiB(child.pid!) * 10) / 10), 10_000);
    const lap = await load(`${base}/v1/lap`, lapBody, connections, seconds);
    clearInterval(sampler);
    const rssAfter = rssMiB(child.pid!);
    const qap = await load(`${base}/v1/qap`, JSON.stringify({ qaplib: nug12, options: { timeLimitMs: 200, seed: 1 } }), connections, qapSeconds);
    const result = { workers, connections, lap: { n: 100, seconds, ...lap }, qap: { instance: 'nug12', timeLimitMs: 200, seconds: qapSeconds, ...qap }, rssMiB: { before: rssBefore, after: rssAfter, growth: rssAfter / rssBefore - 1, every10s: rssSeries } };
    console.log(`ebm serve on loopback, ${workers} workers, ${connections} connections\n`);
    console.log('route                      req/s    p50 ms   p99 ms   requests  errors  non-2xx');
    for (const [name, r] of [['/v1/lap n = 100', lap], ['/v1/qap nug12 200 ms', qap]] as const) {
      console.log(`${name.padEnd(24)}${r.requestsPerSecond.toFixed(1).padStart(8)}${String(r.p50ms).padStart(10)}${String(r.p99ms).padStart(9)}${String(r.requests).padStart(11)}${String(r.errors + r.timeouts).padStart(8)}${String(r.non2xx).padStart(9)}`);
    }
    console.log(`\nserver RSS ${rssBefore.toFixed(1)} MiB before, ${rssAfter.toFixed(1)} MiB after ${seconds} s of /v1/lap (${(100 * result.rssMiB.growth).toFixed(1)}%); every 10 s: ${rssSeries.join(' ')}`);
    mkdirSync(fileURLToPath(new URL('./results/', import.meta.url)), { recursive: true });
    writeFileSync(fileURLToPath(new URL('./results/service.json', import.meta.url)), JSON.stringify(result, null, 2) + '\n');
  } finally {
    child.kill('SIGTERM');
  }
}
