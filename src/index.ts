/** discrete-ebm: energy-based models over sets (and, next, permutations). */
export { SetModel, setModel, setModelFromJson, setModelToJson, type SetModelArrays } from './energies/setModel.ts';
export type { EnergyModel } from './energies/energy.ts';
export { modelFromJson, readModel, type Model } from './energies/modelFile.ts';
export { sample, sampleSync, countStates, type SampleOptions, type SampleResult } from './sample/sample.ts';
export { logPartition, exactDistribution, type LogZOptions, type LogZResult } from './sample/logz.ts';
export { minimize, minimizeSync, type MinimizeOptions, type MinimizeResult } from './solve/minimize.ts';
export { maxCut, maxCutModel, type MaxCutResult } from './solve/maxcut.ts';
export { parseGset, readGset, cutValue, type Graph } from './data/gset.ts';
export { native, hasCuda } from './native.ts';
export { invalidParameterError } from './errors.ts';
export { train, predict, type LearnData, type TrainOptions, type TrainResult, type LearnedModel, type EpochReport } from './learn/train.ts';
export { makeStructure, type Structure, type StructureKind } from './learn/structures.ts';
export { LOSSES, type LossKind } from './learn/losses.ts';
export { loadBackend, type BackendInfo, type TfBackend } from './learn/backend.ts';
export { checkLogPartition, type LogZCheck } from './learn/logz.ts';
export { saveModel, loadModel } from './learn/persist.ts';
