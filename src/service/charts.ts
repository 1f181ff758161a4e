/**
 * The Vega-Lite specs of every chart, one place for the dashboard (fetched from /charts/progress.json and
 * rendered by vega-embed in the browser, points streamed into the named data set) and for the CLI's --plot SVG
 * files (rendered in Node by svg.ts). A spec's data is a named set, so a live chart inserts points into it and a
 * file gets them inline.
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

/** PT swap acceptance per neighbouring ladder pair (1 = always swapped; a dip is a bottleneck of the ladder). */
export function swapAcceptanceSpec(acceptance: readonly number[]): TopLevelSpec {
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    title: 'PT swap acceptance per ladder pair',
    width: 560,
    height: 160,
    data: { values: acceptance.map((a, pair) => ({ pair, acceptance: a })) },
    mark: 'bar',
    encoding: {
      x: { field: 'pair', type: 'ordinal', title: 'pair (beta_i, beta_i+1), coldest last' },
      y: { field: 'acceptance', type: 'quantitative', scale: { domain: [0, 1] } },
    },
  };
}

/** The most frequent states of a sample and their counts, most frequent first. */
export function topStatesSpec(top: readonly (readonly [string, number])[]): TopLevelSpec {
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    title: 'most frequent states',
    width: 560,
    height: 200,
    data: { values: top.map(([state, count], rank) => ({ state, count, rank })) },
    mark: 'bar',
    encoding: {
      x: { field: 'state', type: 'nominal', sort: { field: 'rank' }, title: 'state' },
      y: { field: 'count', type: 'quantitative' },
    },
  };
}

/** Energy of a sampling run's kept samples, per kept sample of a chain: chain 0's and the mean over the chains. */
export function energyTraceSpec(points: readonly { sample: number; energy: number; series: string }[]): TopLevelSpec {
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    title: 'energy of the kept samples',
    width: 560,
    height: 200,
    data: { values: points },
    mark: 'line',
    encoding: {
      x: { field: 'sample', type: 'quantitative', title: 'kept sample of a chain' },
      y: { field: 'energy', type: 'quantitative', title: 'energy', scale: { zero: false, nice: true } },
      color: { field: 'series', type: 'nominal', title: null },
    },
  };
}

/** Training loss and validation score per epoch, one panel each (their scales differ). */
export function epochSpec(history: readonly { epoch: number; loss: number; validation: number }[], score: string): TopLevelSpec {
  const values = history.map(({ epoch, loss, validation }) => ({ epoch, loss, validation: Number.isFinite(validation) ? validation : null }));
  const panel = (field: string, title: string) => ({
    width: 560,
    height: 160,
    mark: { type: 'line' as const, point: true },
    encoding: { x: { field: 'epoch', type: 'quantitative' as const }, y: { field, type: 'quantitative' as const, title, scale: { zero: false } } },
  });
  return { $schema: 'https://vega.github.io/schema/vega-lite/v6.json', title: 'training', data: { values }, vconcat: [panel('loss', 'training loss'), panel('validation', `validation ${score}`)] };
}

/** tau(x) against the exact log Z (or sparsemax threshold) of the learned energy, one point per test row. */
export function logZSpec(check: { tau: ArrayLike<number>; exact: ArrayLike<number>; target: string; mae: number }): TopLevelSpec {
  const values = Array.from(check.exact, (exact, row) => ({ row, exact, tau: check.tau[row]! }));
  const what = check.target === 'logZ' ? 'exact log Z(x)' : 'exact sparsemax threshold';
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    title: `tau(x) against ${what}, test rows (MAE ${check.mae.toFixed(3)}; on the diagonal = exact)`,
    width: 360,
    height: 360,
    data: { values },
    mark: { type: 'point', filled: true, opacity: 0.6 },
    encoding: {
      x: { field: 'exact', type: 'quantitative', title: what, scale: { zero: false } },
      y: { field: 'tau', type: 'quantitative', title: 'tau(x)', scale: { zero: false } },
    },
  };
}

/** Charts one above the other in one file. */
export function stacked(specs: readonly TopLevelSpec[]): TopLevelSpec {
  return { $schema: 'https://vega.github.io/schema/vega-lite/v6.json', vconcat: specs.map(({ $schema: _schema, ...rest }) => rest) } as TopLevelSpec;
}
