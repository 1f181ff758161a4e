/**
 * Experiments (research reproductions, not benchmarks or tests): `npm run experiment -- <name> [flags]`. Each
 * merges what it measures into experiments/results/<name>.json and rewrites its report (learning:
 * docs/results.md).
 */
const name = process.argv[2];
const experiments: Record<string, () => Promise<unknown>> = {
  learning: async () => (await import('./learning/run.ts')).run(process.argv.slice(3)),
};
const experiment = name === undefined ? undefined : experiments[name];
if (!experiment) {
  process.stderr.write(`usage: npm run experiment -- <${Object.keys(experiments).join(' | ')}> [flags]\n`);
  process.exitCode = 2;
} else {
  await experiment();
}
