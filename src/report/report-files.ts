import { mkdirSync, statSync } from 'node:fs';
import { basename, join } from 'node:path';
import { buildCharts } from './charts/index.js';
import { chartsMarkdown } from './charts/markdown.js';
import { renderCharts } from './html/document.js';
import { renderRunHtml } from './html/run-page.js';
import { type RunReport, serializeRunReport } from './json.js';
import { renderMarkdown } from './markdown.js';
import type { OutputFile } from './write.js';

/** Where each format of a run's report goes; a format left out is not written. */
export interface ReportPaths {
  json?: string;
  /** The .md; its charts go to `<md without .md>.charts/<name>.svg` beside it. */
  md?: string;
  html?: string;
}

/** The folder of the Markdown report's chart SVGs: `report/run.md` → `report/run.charts`. */
export function chartsFolder(mdPath: string): string {
  return `${mdPath.replace(/\.md$/, '')}.charts`;
}

/**
 * Every file of a run's report for `paths`: the JSON, the Markdown with a Charts section linking the
 * SVG files beside it (and those files), the HTML page. The charts are rendered once for both.
 */
export async function reportFiles(report: RunReport, paths: ReportPaths): Promise<OutputFile[]> {
  const files: OutputFile[] = [];
  if (paths.json) files.push({ path: paths.json, content: serializeRunReport(report) });
  const charts = paths.md || paths.html ? await renderCharts(buildCharts(report)) : [];
  if (paths.md) {
    const folder = chartsFolder(paths.md);
    const section = chartsMarkdown(charts, basename(folder));
    files.push({
      path: paths.md,
      content: section ? `${renderMarkdown(report)}\n${section}` : renderMarkdown(report),
    });
    for (const c of charts) files.push({ path: join(folder, `${c.name}.svg`), content: c.svg });
  }
  if (paths.html) files.push({ path: paths.html, content: await renderRunHtml(report, charts) });
  return files;
}

/**
 * Makes the chart folder of the Markdown report `mdPath` (beside it); returns what is wrong, naming
 * the path, or undefined. Its folder must exist already (prepareOutputDirectory).
 */
export function prepareChartsFolder(mdPath: string): string | undefined {
  const folder = chartsFolder(mdPath);
  try {
    mkdirSync(folder, { recursive: true });
    if (!statSync(folder).isDirectory()) throw new Error('not a directory');
  } catch (error) {
    return `Cannot write the report: cannot create the chart folder "${folder}": ${(error as Error).message}`;
  }
  return undefined;
}
