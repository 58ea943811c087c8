import type { TopLevelSpec } from 'vega-lite';

/**
 * Compiles a Vega-Lite spec and renders it to SVG, headless (no canvas, no DOM). Vega numbers its
 * clip paths and gradients with a process-wide counter, so ids differ between two renders of one
 * spec and clash between charts on one page: they are renamed `<prefix>-<n>` in order of
 * appearance, which makes the SVG a function of the spec alone.
 *
 * vega and vega-lite are imported on first use: vega's ES module has top-level await, which,
 * imported statically, would make the package unloadable by `require('kubesim')` (Node 20's
 * require of ES modules, which CommonJS callers such as the notebooks' tslab kernel use).
 */
export async function renderChartSvg(spec: TopLevelSpec, idPrefix = 'chart'): Promise<string> {
  const [vega, vegaLite] = await Promise.all([import('vega'), import('vega-lite')]);
  const view = new vega.View(vega.parse(vegaLite.compile(spec).spec), { renderer: 'none' });
  try {
    return renumberIds(await view.toSVG(), idPrefix);
  } finally {
    view.finalize();
  }
}

/** Renames every `id="…"` of `svg` and its `url(#…)` and `href="#…"` references. */
export function renumberIds(svg: string, prefix: string): string {
  const names = new Map<string, string>();
  for (const m of svg.matchAll(/\bid="([^"]+)"/g)) {
    const id = m[1] as string;
    if (!names.has(id)) names.set(id, `${prefix}-${names.size + 1}`);
  }
  if (names.size === 0) return svg;
  return svg.replace(/\bid="([^"]+)"|url\(#([^)]+)\)|href="#([^"]+)"/g, (_whole, id, url, href) => {
    if (id !== undefined) return `id="${names.get(id) ?? id}"`;
    if (url !== undefined) return `url(#${names.get(url) ?? url})`;
    return `href="#${names.get(href) ?? href}"`;
  });
}
