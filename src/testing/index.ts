/**
 * discrete-ebm/testing: property-test a sampler against the exact answer. Exact enumeration of small models
 * (exactDistribution), the TV bound from iid sampling noise, a G-test, log Z against enumeration, and the
 * reference iid sampler. Its own entry point: `import ... from 'discrete-ebm'` never loads it.
 */
export { checkCounts, type CheckOptions } from './checkCounts.ts';
export { checkSampler, assertSampler, DEFAULT_SAMPLES, type Sampler, type SamplerOutput, type CheckSamplerOptions } from './checkSampler.ts';
export { checkLogZ, type LogZCheck } from './checkLogZ.ts';
export { exactSampler } from './exactSampler.ts';
export { formatResult } from './format.ts';
export { iidTvNoise, tvBound, DEFAULT_ALPHA, type CheckResult, type StateDiff } from './verdict.ts';
export { gTest, type GTestResult } from './gtest.ts';
export { chiSquareSurvival, gammaQ } from './gamma.ts';
export type { StateCounts } from './tally.ts';
export type { CheckedModel } from './states.ts';
export { arbSetModel, arbPermModel, type ArbSetModelOptions, type ArbPermModelOptions } from './arbitraries.ts';
export { gewekeTest, type GewekeOptions, type GewekeResult } from './geweke.ts';
