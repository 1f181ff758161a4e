/**
 * The Vega-Lite specs of the service's charts, one place for the dashboard (fetched from /charts/NAME.json and
 * rendered by vega-embed in the browser, points streamed into the named data set) and for SVG files rendered in
 * Node. A spec's data is a named set, so a live chart inserts points into it and a file gets them inline.
 */
import type { TopLevelSpec } from 'vega-lite';
import type { Kind } from './schemas.ts';

/** The named data set of the progress chart: points {seconds, best}. */
export const PROGRESS_DATA = 'progress';

/** What `best` is, per kind (the axis title). */
export const BEST_TITLE: Record<Kind, string> = {
  lap: 'cost',
  qap: 'best cost',
  maxcut: 'best cut',
  minimize: 'best energy',
  sample: 'samples kept',
  logz: 'rounds',
};

/** Best value over time: a step line (the best only changes when a better state is found). */
export function progressSpec(title: string, yTitle: string, values: { seconds: number; best: number }[] = []): TopLevelSpec {
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    title,
    width: 560,
    height: 240,
    // resize: the live chart's axes grow with the points inserted after the first render.
    autosize: { type: 'pad', resize: true },
    data: { name: PROGRESS_DATA, values },
    mark: { type: 'line', interpolate: 'step-after', point: true },
    encoding: {
      x: { field: 'seconds', type: 'quantitative', title: 'seconds' },
      y: { field: 'best', type: 'quantitative', title: yTitle, scale: { zero: false, nice: true }, axis: { format: '~s' } },
    },
  };
}

/** The progress chart of a job of `kind`, as the dashboard fetches it (/charts/progress.json?kind=qap). */
export function jobProgressSpec(kind: Kind): TopLevelSpec {
  return progressSpec(`${kind}: ${BEST_TITLE[kind]} over time`, BEST_TITLE[kind]);
}
