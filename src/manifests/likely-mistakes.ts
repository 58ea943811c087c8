import { formatBytes, formatCpuMillis } from '../engine/quantity.js';
import type { ClusterInput } from '../model/cluster-input.js';
import type { Node } from '../model/node.js';
import type { PodSpec } from '../model/pod.js';
import type { KubeSchedulerConfiguration } from '../model/scheduler-config.js';
import { DEFAULT_SCHEDULER_NAME } from './convert/pod-spec.js';
import * as m from './messages.js';
import type { Reporter, Site } from './report.js';
import type { Path } from './source.js';

/** Levenshtein distance, for "did you mean" hints between short names. */
export function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      current.push(
        Math.min(
          (previous[j] as number) + 1,
          (current[j - 1] as number) + 1,
          (previous[j - 1] as number) + cost,
        ),
      );
    }
    previous = current;
  }
  return previous[b.length] as number;
}

/** A pod spec of the input (a Pod's or a workload template's), where it is, and its namespace. */
export interface SpecAt {
  spec: PodSpec;
  namespace: string;
  site: Site;
  path: Path;
}

/** What the cross-object warnings look at, once everything is loaded. */
export interface MistakeContext {
  scenario: ClusterInput['scenario'];
  scenarioSite: Site | undefined;
  nodes: readonly Node[];
  specs: readonly SpecAt[];
  /** Every namespaced object: its namespace and where it is. */
  objects: readonly { namespace: string; site: Site }[];
  declaredNamespaces: ReadonlySet<string>;
  schedulerConfiguration: KubeSchedulerConfiguration | undefined;
}

/**
 * What a pod asks of a node, per resource: the sum over its containers, at least the largest init
 * container, plus the overhead (the scheduler's computePodResourceRequest, pkg/api/v1/resource).
 */
function podRequests(spec: PodSpec): Map<string, number> {
  const total = new Map<string, number>();
  for (const c of spec.containers)
    for (const [r, v] of Object.entries(c.requests)) total.set(r, (total.get(r) ?? 0) + v);
  for (const c of spec.initContainers)
    for (const [r, v] of Object.entries(c.requests)) total.set(r, Math.max(total.get(r) ?? 0, v));
  for (const [r, v] of Object.entries(spec.overhead ?? {})) total.set(r, (total.get(r) ?? 0) + v);
  return total;
}

const format = (resource: string, v: number) =>
  resource === 'cpu' ? formatCpuMillis(v) : resource === 'memory' ? formatBytes(v) : String(v);

/** A pod asking more of some resource than the largest node offers never schedules. */
function checkPodsFit(ctx: MistakeContext, reporter: Reporter): void {
  const allocatables = [
    ...ctx.nodes.map((n) => n.allocatable),
    ...(ctx.scenario?.nodePools ?? [])
      .filter((p) => Math.max(p.count, p.max ?? 0) > 0)
      .map((p) => p.allocatable),
  ];
  if (allocatables.length === 0) return; // "no nodes" says it better
  const largest = new Map<string, number>();
  for (const a of allocatables)
    for (const [r, v] of Object.entries(a)) largest.set(r, Math.max(largest.get(r) ?? 0, v));
  for (const { spec, site, path } of ctx.specs) {
    for (const [r, v] of podRequests(spec)) {
      const offered = largest.get(r) ?? 0;
      if (v > offered) {
        reporter.warning(
          site,
          [...path, 'containers'],
          m.podLargerThanNodes(r, format(r, v), format(r, offered)),
        );
        break;
      }
    }
  }
}

/** A pod whose schedulerName no profile serves is never scheduled by kube-scheduler. */
function checkSchedulerNames(ctx: MistakeContext, reporter: Reporter): void {
  const profiles = ctx.schedulerConfiguration?.profiles ?? [];
  const served =
    profiles.length === 0
      ? [DEFAULT_SCHEDULER_NAME]
      : profiles.map((p) => p.schedulerName ?? DEFAULT_SCHEDULER_NAME);
  for (const { spec, site, path } of ctx.specs) {
    if (!served.includes(spec.schedulerName))
      reporter.warning(site, [...path, 'schedulerName'], m.schedulerNameUnserved(spec.schedulerName, served));
  }
}

/**
 * A namespace that no Namespace object declares and that is one or two letters away from another
 * namespace of the input ("prodution" beside "production") is most likely a typo, which splits
 * Services from their pods.
 */
function checkNamespaces(ctx: MistakeContext, reporter: Reporter): void {
  const uses = new Map<string, Site>();
  const counts = new Map<string, number>();
  for (const { namespace, site } of ctx.objects) {
    if (!uses.has(namespace)) uses.set(namespace, site);
    counts.set(namespace, (counts.get(namespace) ?? 0) + 1);
  }
  const known = new Set([...uses.keys(), ...ctx.declaredNamespaces]);
  for (const [ns, site] of uses) {
    if (ctx.declaredNamespaces.has(ns) || ns === 'default') continue;
    const other = [...known].find(
      (o) =>
        o !== ns &&
        editDistance(o, ns) <= 2 &&
        (ctx.declaredNamespaces.has(o) || (counts.get(o) ?? 0) > (counts.get(ns) ?? 0)),
    );
    if (other !== undefined)
      reporter.warning(site, ['metadata', 'namespace'], m.namespaceLikeAnother(ns, other));
  }
}

/**
 * Warnings for input that is legal but almost certainly a mistake: no nodes, pods no node can hold,
 * scheduler names no profile serves, namespace typos.
 */
export function checkLikelyMistakes(ctx: MistakeContext, reporter: Reporter): void {
  const poolNodes = (ctx.scenario?.nodePools ?? []).reduce((n, p) => n + p.count, 0);
  // Only worth saying when there is something to run.
  if (ctx.scenario && ctx.scenarioSite && ctx.nodes.length === 0 && poolNodes === 0 && ctx.specs.length > 0)
    reporter.warning(ctx.scenarioSite, ['spec', 'cluster'], m.noNodes, true);
  checkPodsFit(ctx, reporter);
  checkSchedulerNames(ctx, reporter);
  checkNamespaces(ctx, reporter);
}
