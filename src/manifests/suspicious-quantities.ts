import { isRecord } from './is-record.js';
import * as m from './messages.js';
import type { Reporter, Site } from './report.js';
import type { Path } from './source.js';

/**
 * Warnings for quantities that are legal but almost certainly a slip of the shift key: cpu "500M"
 * (500 million cores, for "500m"), memory "512m" (0.512 bytes, for "512Mi"). The API server accepts
 * both; a capacity plan built on them is nonsense.
 */
function suspiciousQuantity(resource: string, v: unknown): string | undefined {
  if (typeof v !== 'string') return undefined;
  const match = /^([+-]?[\d.]+)([a-zA-Z]*)$/.exec(v.trim());
  if (!match) return undefined;
  const [, number = '', suffix = ''] = match;
  if (resource === 'cpu' && ['M', 'G', 'T', 'P', 'E'].includes(suffix))
    return m.cpuMegaCores(v, `${number}m`);
  if (resource !== 'cpu' && suffix === 'm') return m.bytesMilli(resource, v, `${number}Mi`);
  return undefined;
}

/** Warns about each suspicious quantity of the resource list at `path` (raw, as parsed from YAML). */
export function warnResourceList(list: unknown, path: Path, site: Site, reporter: Reporter): void {
  if (!isRecord(list)) return;
  for (const [resource, v] of Object.entries(list)) {
    const message = suspiciousQuantity(resource, v);
    if (message) reporter.warning(site, [...path, resource], message);
  }
}

/** Warns about a single quantity (a pool's cpu or memory). */
export function warnQuantity(resource: string, v: unknown, path: Path, site: Site, reporter: Reporter): void {
  const message = suspiciousQuantity(resource, v);
  if (message) reporter.warning(site, path, message);
}

/** The resource lists of a raw pod spec at `path`: containers' requests and limits, and overhead. */
export function warnPodSpecQuantities(spec: unknown, path: Path, site: Site, reporter: Reporter): void {
  if (!isRecord(spec)) return;
  for (const field of ['containers', 'initContainers'] as const) {
    const containers = spec[field];
    if (!Array.isArray(containers)) continue;
    containers.forEach((c: unknown, i) => {
      if (!isRecord(c) || !isRecord(c.resources)) return;
      for (const kind of ['requests', 'limits'] as const)
        warnResourceList(c.resources[kind], [...path, field, i, 'resources', kind], site, reporter);
    });
  }
  warnResourceList(spec.overhead, [...path, 'overhead'], site, reporter);
}
