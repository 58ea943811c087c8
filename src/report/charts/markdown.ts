import type { RenderedChart } from '../html/document.js';

/**
 * The Markdown report's Charts section: each chart as an image link to its SVG file in `folder`
 * (relative to the .md, so it shows on a code-hosting site), with what it shows below. Empty
 * without charts.
 */
export function chartsMarkdown(charts: readonly RenderedChart[], folder: string): string {
  if (charts.length === 0) return '';
  const lines = ['## Charts', ''];
  for (const c of charts)
    lines.push(
      `### ${c.title}`,
      '',
      `![${c.title}](${encodeURI(`${folder}/${c.name}.svg`)})`,
      '',
      c.description,
      '',
    );
  return lines.join('\n');
}
