/**
 * --plot FILE.svg on maxcut, qap, sample and train: the run's chart (the service's Vega-Lite specs, rendered
 * to SVG in Node). A command collects what it plots while it runs (`trace`) and writes the file at the end.
 */
import { writeFileSync } from 'node:fs';
import type { TopLevelSpec } from 'vega-lite';
import { rangeError } from '../errors.ts';
import { renderSvg } from '../service/svg.ts';
import { str, type Flag, type Flags } from './args.ts';

export const PLOT_FLAG: Flag = { name: 'plot', value: 'FILE.svg', type: 'string', meaning: 'write a chart of the run (SVG)' };

/** Points {seconds, best} of a run's progress, for the best-over-time chart. */
export function trace(): { points: { seconds: number; best: number }[]; add(seconds: number, best: number | undefined): void } {
  const points: { seconds: number; best: number }[] = [];
  return { points, add: (seconds, best) => void (best !== undefined && Number.isFinite(best) && points.push({ seconds, best })) };
}

/** With --plot FILE: renders `spec()` and writes it; an unwritable FILE is bad input naming it. Returns FILE. */
export async function writePlot(flags: Flags, spec: () => TopLevelSpec): Promise<string | undefined> {
  const file = str(flags, 'plot');
  if (file === undefined) return undefined;
  const svg = await renderSvg(spec());
  try {
    writeFileSync(file, svg);
  } catch (e) {
    throw rangeError(`Cannot write --plot file ${file}: ${(e as Error).message}`);
  }
  return file;
}
