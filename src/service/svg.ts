/**
 * A Vega-Lite spec as an SVG document, in Node: compiled by vega-lite, rendered headless by vega (no canvas
 * needed for SVG). Both load on first use: a CLI run without --plot never pays for them.
 */
import type { TopLevelSpec } from 'vega-lite';

export async function renderSvg(spec: TopLevelSpec): Promise<string> {
  const [vega, vegaLite] = await Promise.all([import('vega'), import('vega-lite')]);
  const view = new vega.View(vega.parse(vegaLite.compile(spec).spec), { renderer: 'none' });
  try {
    return await view.toSVG();
  } finally {
    view.finalize();
  }
}
