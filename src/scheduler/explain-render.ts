import type { ExplainResult, NodeVerdict, PodExplanation } from './explain.js';

type Scored = Extract<NodeVerdict, { result: 'scored' }>;

function table(rows: string[][], selected: number): string[] {
  const widths = (rows[0] as string[]).map((_, i) => Math.max(...rows.map((r) => (r[i] as string).length)));
  return rows.map((r, k) => {
    const line = r.map((c, i) => (i === 0 ? c.padEnd(widths[i] as number) : c.padStart(widths[i] as number)));
    return `  ${line.join('  ')}${k === selected ? '  ←' : ''}`.trimEnd();
  });
}

/**
 * One pod's node table: scored nodes by total (best first, then by name), one column per score
 * plugin headed with its weight, each cell "normalized (raw)" when NormalizeScore changed the score;
 * then the nodes Filter rejected with the plugin and its reasons; then the nodes not evaluated.
 */
function podTable(p: PodExplanation): string[] {
  const verdicts = p.nodes ?? [];
  const weights = p.weights ?? {};
  const plugins = Object.keys(weights);
  const scored = verdicts
    .filter((v): v is Scored => v.result === 'scored')
    .sort((a, b) => b.total - a.total || a.node.localeCompare(b.node));
  const lines: string[] = [];
  if (scored.length > 0) {
    const header = ['node', ...plugins.map((name) => `${name} ×${weights[name]}`), 'total'];
    const rows = scored.map((v) => [
      v.node,
      ...plugins.map((name) => {
        const s = v.scores[name];
        if (!s) return '';
        return s.raw === s.normalized ? String(s.normalized) : `${s.normalized} (${s.raw})`;
      }),
      String(v.total),
    ]);
    const selected = scored.findIndex((v) => v.node === p.node);
    lines.push(...table([header, ...rows], selected < 0 ? -1 : selected + 1));
  }
  for (const v of verdicts) {
    if (v.result === 'filtered') lines.push(`  ${v.node}  filtered by ${v.plugin}: ${v.reasons.join(', ')}`);
  }
  const skipped = verdicts.filter((v) => v.result === 'not evaluated').map((v) => v.node);
  if (skipped.length > 0)
    lines.push(`  not evaluated (enough feasible nodes found first): ${skipped.join(', ')}`);
  return lines;
}

/**
 * A terminal rendering of an ExplainResult: per pod "ns/name → node" or "ns/name: pending: <reason>",
 * and for explained pods, the table of every node (see podTable).
 */
export function renderExplanation(result: ExplainResult): string {
  const lines: string[] = [];
  for (const p of result.pods) {
    if (p.node !== null) lines.push(`${p.pod} → ${p.node}`);
    else lines.push(`${p.pod}: pending: ${p.unschedulable ?? 'not scheduled'}`);
    if (p.nodes) lines.push(...podTable(p));
  }
  return `${lines.join('\n')}\n`;
}
