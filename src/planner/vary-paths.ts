import type { z } from 'zod';
import type { LoadResult } from '../manifests/index.js';
import * as apps from '../manifests/schemas/apps.js';
import * as autoscaling from '../manifests/schemas/autoscaling.js';
import * as core from '../manifests/schemas/core.js';
import * as operations from '../manifests/schemas/operations.js';
import * as scenario from '../manifests/schemas/scenario.js';
import * as traffic from '../manifests/schemas/traffic.js';
import type { Variation } from './vary.js';

// A `--vary` path that names no field would change nothing (a Kubernetes manifest's unknown field is
// only a warning) or fail with a bare "unknown field". The loader knows which fields exist; this file
// reads its diagnostics for the variation's path and adds the close matches among the field names
// the schemas declare (and, for `spec.services.<name>`, the workloads and Services loaded).

/** Every object key declared by the manifest schemas: the words a misspelt field is compared with. */
function schemaFieldNames(): Set<string> {
  const names = new Set<string>();
  const seen = new Set<unknown>();
  const visit = (s: unknown): void => {
    if (typeof s !== 'object' || s === null || seen.has(s) || !('def' in s)) return;
    seen.add(s);
    const def = (s as z.ZodType).def as unknown as Record<string, unknown>;
    if (def.type === 'object') {
      for (const [k, v] of Object.entries(def.shape as Record<string, unknown>)) {
        names.add(k);
        visit(v);
      }
    }
    for (const key of ['innerType', 'element', 'valueType', 'in', 'out', 'left', 'right'] as const)
      visit(def[key]);
    for (const option of (def.options as unknown[] | undefined) ?? []) visit(option);
  };
  for (const module of [scenario, traffic, core, apps, autoscaling, operations])
    for (const exported of Object.values(module)) visit(exported);
  return names;
}

let fieldNames: Set<string> | undefined;

/** The schemas' field names, collected once. */
function knownFieldNames(): Set<string> {
  fieldNames ??= schemaFieldNames();
  return fieldNames;
}

/** Optimal string alignment distance (Damerau–Levenshtein with adjacent swaps), case-insensitive. */
export function editDistance(a: string, b: string): number {
  const x = a.toLowerCase();
  const y = b.toLowerCase();
  const d: number[][] = Array.from({ length: x.length + 1 }, (_, i) =>
    Array.from({ length: y.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)),
  );
  for (let i = 1; i <= x.length; i++)
    for (let j = 1; j <= y.length; j++) {
      const row = d[i] as number[];
      const prev = d[i - 1] as number[];
      const cost = x[i - 1] === y[j - 1] ? 0 : 1;
      let best = Math.min(
        (prev[j] as number) + 1,
        (row[j - 1] as number) + 1,
        (prev[j - 1] as number) + cost,
      );
      if (i > 1 && j > 1 && x[i - 1] === y[j - 2] && x[i - 2] === y[j - 1])
        best = Math.min(best, ((d[i - 2] as number[])[j - 2] as number) + 1);
      row[j] = best;
    }
  return (d[x.length] as number[])[y.length] as number;
}

/** Up to three of `candidates` closest to `word`: within a third of its length (at least 1), nearest first. */
export function closeMatches(word: string, candidates: Iterable<string>): string[] {
  const limit = Math.max(1, Math.floor(word.length / 3));
  return [...new Set(candidates)]
    .map((c) => ({ c, d: editDistance(word, c) }))
    .filter((x) => x.d <= limit && x.c !== word)
    .sort((a, b) => a.d - b.d || (a.c < b.c ? -1 : a.c > b.c ? 1 : 0))
    .slice(0, 3)
    .map((x) => x.c);
}

/** A diagnostic's field path as the override writes it: `spec.workload[0].x` → `spec.workload.0.x`. */
function fieldPath(diagnosticPath: string): { label: string; field: string } {
  const at = diagnosticPath.indexOf('": ');
  if (at < 0) return { label: diagnosticPath, field: '' };
  return {
    label: diagnosticPath.slice(0, at + 1),
    field: diagnosticPath.slice(at + 3).replace(/\[(\d+)\]/g, '.$1'),
  };
}

const UNKNOWN_FIELD = /^unknown field "([^"]+)"/;
const NO_WORKLOAD = /no Deployment, StatefulSet or Service named "([^"]+)"/;

/**
 * Why `variation`'s path names nothing, read from the diagnostics of a load that applied it, with
 * close matches; undefined when the loader knew every part of it.
 */
export function unknownVaryPath(variation: Variation, loaded: LoadResult): string | undefined {
  const path = variation.path.join('.');
  const kind = variation.target === 'Scenario' ? 'Scenario' : variation.target.kind;
  for (const d of loaded.diagnostics) {
    const { label, field } = fieldPath(d.path);
    if (!label.startsWith(`${kind} "`) || field === '' || !(path === field || path.startsWith(`${field}.`)))
      continue;
    const unknown = UNKNOWN_FIELD.exec(d.message)?.[1];
    const workload = NO_WORKLOAD.exec(d.message)?.[1];
    const word = unknown ?? workload;
    if (word === undefined) continue;
    const candidates = unknown
      ? knownFieldNames()
      : [...loaded.input.deployments, ...loaded.input.statefulSets, ...loaded.input.services].map(
          (w) => w.name,
        );
    const parent = field.slice(0, field.length - word.length);
    const rest = path.slice(field.length);
    const matches = closeMatches(word, candidates).map((m) => `${parent}${m}${rest}`);
    const what = unknown ? `"${word}" is not a field there` : `no workload or Service is named "${word}"`;
    return `Cannot read --vary '${variation.text}': ${label} has no ${field} (${what}); ${
      matches.length > 0 ? `close matches: ${matches.join(', ')}` : 'no close match'
    }`;
  }
  return undefined;
}
