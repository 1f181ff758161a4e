/**
 * Benchmarks (not tests): `npm run bench -- <name>`. Each prints ours next to a reference on the same input,
 * as a ratio, and writes JSON to bench/results/<name>.json.
 */
const name = process.argv[2];
const benches: Record<string, () => Promise<unknown>> = {
  sets: async () => (await import('./sets.ts')).run(process.argv.slice(3)),
  maxcut: async () => (await import('./maxcut.ts')).run(process.argv.slice(3)),
  parallel: async () => (await import('./parallel.ts')).run(),
  perms: async () => (await import('./perms.ts')).run(process.argv.slice(3)),
  startup: async () => (await import('./startup.ts')).run(),
  cancel: async () => (await import('./cancel.ts')).run(process.argv.slice(3)),
  service: async () => (await import('./service.ts')).run(process.argv.slice(3)),
  queue: async () => (await import('./queue.ts')).run(),
  gpu: async () => (await import('./gpu.ts')).run(process.argv.slice(3)),
  scale: async () => (await import('./scale.ts')).run(process.argv.slice(3)),
  'learning-speed': async () => (await import('./learningSpeed.ts')).run(process.argv.slice(3)),
};
const bench = name === undefined ? undefined : benches[name];
if (!bench) {
  process.stderr.write(`usage: npm run bench -- <${Object.keys(benches).join(' | ')}>\n`);
  process.exitCode = 2;
} else {
  await bench();
}
