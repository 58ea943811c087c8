import type { TopLevelSpec } from 'vega-lite';

/**
 * Renders a Vega-Lite spec to an SVG string: compiled by vega-lite, drawn by vega's headless renderer.
 * Both are imported on first use, because vega's ES module has top-level await: imported statically,
 * it would make the package unloadable by `require('kubesim')` (Node 20's require of ES modules, which
 * CommonJS callers such as the notebooks' tslab kernel use).
 */
export async function renderVegaLiteSvg(spec: TopLevelSpec): Promise<string> {
  const [vega, vegaLite] = await Promise.all([import('vega'), import('vega-lite')]);
  const view = new vega.View(vega.parse(vegaLite.compile(spec).spec), { renderer: 'none' });
  try {
    return await view.toSVG();
  } finally {
    view.finalize();
  }
}
