import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** The shipped Grafana dashboard. */
export const DASHBOARD = fileURLToPath(new URL('../../docs/grafana/kubesim-dashboard.json', import.meta.url));

export interface DashboardPanel {
  id: number;
  type: string;
  title: string;
  gridPos: { h: number; w: number; x: number; y: number };
  datasource: { type: string; uid: string };
  targets: { expr: string; refId: string; legendFormat?: string }[];
}

export function dashboardPanels(): DashboardPanel[] {
  return (JSON.parse(readFileSync(DASHBOARD, 'utf8')) as { panels: DashboardPanel[] }).panels;
}

/** PromQL words that are not metric names: aggregations, modifiers, keywords. */
const KEYWORDS = new Set([
  'by',
  'without',
  'on',
  'ignoring',
  'group_left',
  'group_right',
  'bool',
  'offset',
  'and',
  'or',
  'unless',
]);

/**
 * The metric names a PromQL expression selects: identifiers outside label matchers, groupings and
 * durations that are not function calls or keywords.
 */
export function metricNames(expr: string): string[] {
  const stripped = expr
    .replace(/"(?:[^"\\]|\\.)*"/g, '""')
    .replace(/\{[^}]*\}/g, ' ')
    .replace(/\b(by|without|on|ignoring|group_left|group_right)\s*\([^)]*\)/g, ' ')
    .replace(/\[[^\]]*\]/g, ' ');
  const names: string[] = [];
  for (const m of stripped.matchAll(/[a-zA-Z_:][a-zA-Z0-9_:]*/g)) {
    const after = stripped.slice((m.index ?? 0) + m[0].length).trimStart();
    if (after.startsWith('(') || KEYWORDS.has(m[0])) continue;
    names.push(m[0]);
  }
  return names;
}
