import type { Chart } from '../charts/index.js';
import { renderChartSvg } from '../charts/index.js';
import { escapeHtml, jsonForScript } from './escape.js';
import { chartRuntime } from './runtime.js';
import { PAGE_STYLE } from './style.js';

/** A chart with its SVG rendered ahead of time. */
export interface RenderedChart extends Chart {
  svg: string;
}

/** Renders each chart to SVG, one after another (vega views are not cheap; order keeps ids stable). */
export async function renderCharts(charts: readonly Chart[]): Promise<RenderedChart[]> {
  const out: RenderedChart[] = [];
  for (const c of charts) out.push({ ...c, svg: await renderChartSvg(c.spec, `chart-${c.name}`) });
  return out;
}

/** The charts section: each chart's SVG inline in a figure, with its title and what it shows. */
export function chartsSection(charts: readonly RenderedChart[]): string {
  if (charts.length === 0) return '';
  const figures = charts.map(
    (c, i) =>
      `<figure id="chart-${c.name}"><figcaption><strong>${escapeHtml(c.title)}</strong>: ${escapeHtml(c.description)}</figcaption><div class="chart" data-chart="${i}">${c.svg}</div></figure>`,
  );
  return `<section id="charts"><h2>Charts</h2>\n${figures.join('\n')}\n</section>`;
}

/**
 * Re-renders each chart with vega-embed where JavaScript runs (tooltips, zoom, legend toggling),
 * into a new element, and drops the static SVG only once the live one has drawn: if anything fails
 * the reader keeps the picture, and the error goes to the console.
 */
const ENHANCE = `(function () {
  var specs = JSON.parse(document.getElementById('kubesim-charts').textContent);
  document.querySelectorAll('div.chart[data-chart]').forEach(function (box) {
    var live = document.createElement('div');
    live.className = 'live';
    vegaEmbed(live, specs[Number(box.getAttribute('data-chart'))], { renderer: 'svg', actions: false })
      .then(function () { box.replaceChildren(live); box.classList.add('interactive'); })
      .catch(function (e) { console.error('kubesim: chart left static:', e); });
  });
})();`;

/**
 * A self-contained page: inline style, the body, the charts as inline SVG (shown with JavaScript
 * off and in e-mail), their specs as JSON and the vega runtime inline (no network). Nothing in it
 * depends on the clock.
 */
export function htmlDocument(options: {
  title: string;
  body: string;
  charts: readonly RenderedChart[];
}): string {
  const { title, body, charts } = options;
  const scripts =
    charts.length === 0
      ? ''
      : [
          `<script type="application/json" id="kubesim-charts">${jsonForScript(charts.map((c) => c.spec))}</script>`,
          `<script>${chartRuntime()}</script>`,
          `<script>${ENHANCE}</script>`,
        ].join('\n');
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title>
<style>${PAGE_STYLE}</style>
</head>
<body>
${body}
${chartsSection(charts)}
${scripts}
</body>
</html>
`;
}
