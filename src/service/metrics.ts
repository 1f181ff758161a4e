/**
 * Prometheus metrics (prom-client), in a registry of the server's own (two servers in one process do not
 * share counters): request durations by route and status, jobs by state, queue depth, native solve seconds.
 */
import type { Counter, Histogram, Registry } from 'prom-client';
import type * as PromClient from 'prom-client';
import { load } from './lazy.ts';
import type { JobStatus } from './jobs.ts';

export interface Metrics {
  registry: Registry;
  requestSeconds: Histogram<'route' | 'method' | 'status'>;
  solveSeconds: Histogram<'kind' | 'stopped'>;
  aborted: Counter<'kind'>;
}

/** `jobs()` and `depth()` are read at scrape time, so the gauges are never stale. */
export function createMetrics(jobs: () => Promise<Record<JobStatus, number>>, depth: () => Promise<number>): Metrics {
  const { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } = load('prom-client') as typeof PromClient;
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: 'ebm_' });
  const requestSeconds = new Histogram({ name: 'ebm_http_request_duration_seconds', help: 'HTTP request durations', labelNames: ['route', 'method', 'status'], registers: [registry] });
  const solveSeconds = new Histogram({
    name: 'ebm_native_solve_seconds',
    help: 'Seconds of each solve (synchronous route or job) by kind and how it stopped',
    labelNames: ['kind', 'stopped'],
    buckets: [0.001, 0.01, 0.1, 0.5, 1, 5, 10, 60, 600],
    registers: [registry],
  });
  const aborted = new Counter({ name: 'ebm_solves_aborted_total', help: 'Solves stopped by a client disconnect, a cancel or shutdown', labelNames: ['kind'], registers: [registry] });
  new Gauge({
    name: 'ebm_jobs',
    help: 'Jobs held by the server, by state',
    labelNames: ['state'],
    registers: [registry],
    async collect() {
      for (const [state, count] of Object.entries(await jobs())) this.set({ state }, count);
    },
  });
  new Gauge({
    name: 'ebm_queue_depth',
    help: 'Jobs queued or running plus synchronous solves in flight',
    registers: [registry],
    async collect() {
      this.set(await depth());
    },
  });
  return { registry, requestSeconds, solveSeconds, aborted };
}
