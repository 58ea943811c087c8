import { buildCharts } from '../charts/index.js';
import type { RunReport } from '../json.js';
import { renderMarkdown } from '../markdown.js';
import { htmlDocument, type RenderedChart, renderCharts } from './document.js';
import { escapeHtml } from './escape.js';
import { markdownToHtml } from './markdown-to-html.js';
import { sloSummary } from './slo-summary.js';

/**
 * The HTML report of one run, from its JSON report: title, the SLOs met and missed, the Markdown
 * report's tables (the same renderer, so the two never disagree), then the charts (`rendered`, when
 * the caller has them already). The same report gives the same bytes.
 */
export async function renderRunHtml(r: RunReport, rendered?: readonly RenderedChart[]): Promise<string> {
  const markdown = renderMarkdown(r);
  // The Markdown's title line and first paragraph (seed, duration, version) become the page header.
  const parts = /^# .*\n\n(.*)\n([\s\S]*)$/.exec(markdown);
  const intro = parts?.[1] ?? '';
  const rest = parts?.[2] ?? markdown;
  const tables = markdownToHtml(rest);
  const charts = rendered ?? (await renderCharts(buildCharts(r)));
  const title = `kubesim run: ${r.scenario.name}`;
  const contents = [
    ...[...tables.matchAll(/<h2 id="([^"]+)">(.*?)<\/h2>/g)].map(
      (m) => `<li><a href="#${m[1]}">${m[2]}</a></li>`,
    ),
    ...charts.map((c) => `<li><a href="#chart-${c.name}">${escapeHtml(c.title)}</a></li>`),
  ];
  const body = [
    `<header><h1>${escapeHtml(title)}</h1>${markdownToHtml(intro)}</header>`,
    sloSummary(r),
    `<nav><ul>${contents.join('')}</ul></nav>`,
    `<main>${tables}</main>`,
  ].join('\n');
  return htmlDocument({ title, body, charts });
}
