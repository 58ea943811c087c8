import { MICROS_PER_SECOND, type Micros } from '../../engine/time.js';
import type { ApplyOperation, Operation } from '../../model/operations.js';
import { objectKey } from '../../model/pod.js';
import type { Workload } from '../../model/workloads.js';
import { isRecord } from '../is-record.js';
import { PARSE_OPTIONS, reportIssues } from '../issues.js';
import * as m from '../messages.js';
import type { Reporter, Site } from '../report.js';
import { OPERATION_SCHEMAS } from '../schemas/operations.js';
import type { Path } from '../source.js';

/** upgradeNodePool's maxSurge default: GKE's default surge upgrade (maxSurge 1, maxUnavailable 0). */
export const DEFAULT_MAX_SURGE = 1;
/**
 * upgradeNodePool's nodeDuration default: the time from asking for a VM until its kubelet has
 * registered and is Ready. kubesim's assumption for a cloud VM, not a Kubernetes value.
 */
export const DEFAULT_NODE_DURATION: Micros = 90 * MICROS_PER_SECOND;
/**
 * upgradeNodePool's drainTimeout default: GKE respects PodDisruptionBudgets for up to one hour while
 * draining a node during an upgrade, then deletes the remaining pods (GKE docs, "Node upgrade").
 */
export const DEFAULT_UPGRADE_DRAIN_TIMEOUT: Micros = 3600 * MICROS_PER_SECOND;

type OperationKind = keyof typeof OPERATION_SCHEMAS;
const OPERATION_KINDS = Object.keys(OPERATION_SCHEMAS) as OperationKind[];
const isOperationKind = (kind: unknown): kind is OperationKind =>
  typeof kind === 'string' && Object.hasOwn(OPERATION_SCHEMAS, kind);

/** A manifest file an `apply` names, as the manifests loader read it. */
export type LoadedManifest =
  | { workloads: { workload: Workload; setsReplicas: boolean }[]; ok: boolean; otherKinds: string[] }
  | { problem: string };

/** What checking the operations needs from the rest of the input. */
export interface OperationReferences {
  /** Whether a node of that name exists at some point (a Node object or a pool's "<pool>-<n>"). */
  nodeExists(name: string): boolean;
  poolNames: readonly string[];
  /** The Deployments and StatefulSets of the input. */
  workloads: readonly Workload[];
  /** The Scenario's Kubernetes minor version ("1.36"), for the default upgrade version. */
  kubernetesVersion: string;
  /** Reads a file relative to the Scenario with the manifests loader (its diagnostics are kept). */
  loadManifest(file: string): LoadedManifest;
  /** The run's length, for the "after the end" warning. */
  duration: Micros | undefined;
}

const msg = {
  kindUnknown: (kind: unknown): string =>
    m.expectedGot(`an operation kind: one of ${OPERATION_KINDS.join(', ')}`, kind),
  nodeUnknown: m.faultNodeUnknown,
  poolUnknown: m.faultPoolUnknown,
  workloadUnknown: (name: string, namespace: string): string =>
    `no Deployment or StatefulSet named ${JSON.stringify(name)} in namespace ${JSON.stringify(namespace)}`,
  containerUnknown: (container: string, workload: string, names: readonly string[]): string =>
    `the pod template of ${workload} has no container named ${JSON.stringify(container)} (containers: ${names.map((n) => JSON.stringify(n)).join(', ')})`,
  wholeSeconds: 'expected a whole number of seconds, such as "30s"',
  afterEnd: 'the operation starts after the end of the run (spec.duration): it is not simulated',
  applyUnreadable: (file: string, problem: string): string => `Cannot apply "${file}": ${problem}`,
  applyNothing: (file: string): string => `"${file}" holds no Deployment or StatefulSet to apply`,
  applyUnknown: (kind: string, name: string, namespace: string): string =>
    `${kind} ${JSON.stringify(name)} in namespace ${JSON.stringify(namespace)} does not exist: apply only changes Deployments and StatefulSets of the input`,
  applySelector: (kind: string, name: string): string =>
    `${kind} ${JSON.stringify(name)}: spec.selector differs from the running object's, and it is immutable (the API server refuses the change)`,
  applyOtherFields: (kind: string, name: string): string =>
    `${kind} ${JSON.stringify(name)}: apply changes only the pod template and replicas; its other changed fields (strategy, labels, …) are not simulated, ignored`,
  applyIgnored: (file: string, kinds: readonly string[]): string =>
    `"${file}" also holds ${kinds.join(', ')}: apply changes only Deployments and StatefulSets, the rest is ignored`,
} as const;

/** spec.operations[]: each checked against the input; an invalid one is reported and dropped. */
export function convertOperations(
  raw: unknown,
  site: Site,
  refs: OperationReferences,
  reporter: Reporter,
): Operation[] {
  const out: Operation[] = [];
  (Array.isArray(raw) ? raw : []).forEach((op: unknown, i) => {
    const at = ['spec', 'operations', i];
    const kind = isRecord(op) ? op.kind : undefined;
    if (!isOperationKind(kind)) {
      reporter.error(site, isRecord(op) ? [...at, 'kind'] : at, msg.kindUnknown(kind));
      return;
    }
    const parsed = OPERATION_SCHEMAS[kind].safeParse(op, PARSE_OPTIONS);
    if (!parsed.success) {
      reportIssues(parsed.error.issues, site, op, reporter, at);
      return;
    }
    const before = reporter.errorCount;
    const converted = convertOne(parsed.data, at, site, refs, reporter);
    if (!converted || reporter.errorCount > before) return;
    if (refs.duration !== undefined && converted.at >= refs.duration)
      reporter.warning(site, [...at, 'at'], msg.afterEnd);
    out.push(converted);
  });
  return out;
}

type Parsed = ReturnType<(typeof OPERATION_SCHEMAS)[OperationKind]['parse']>;

function convertOne(
  d: Parsed,
  at: Path,
  site: Site,
  refs: OperationReferences,
  reporter: Reporter,
): Operation | undefined {
  const node = (name: string): string => {
    if (!refs.nodeExists(name)) reporter.error(site, [...at, 'node'], msg.nodeUnknown(name));
    return name;
  };
  const workload = (name: string, namespace = 'default'): Workload | undefined => {
    const w = refs.workloads.find((x) => x.name === name && x.namespace === namespace);
    if (!w) reporter.error(site, [...at, 'workload'], msg.workloadUnknown(name, namespace));
    return w;
  };
  switch (d.kind) {
    case 'cordon':
    case 'uncordon':
      return { kind: d.kind, at: d.at, node: node(d.node) };
    case 'drain': {
      const op: Operation = { kind: 'drain', at: d.at, node: node(d.node), force: d.force ?? false };
      if (d.timeout !== undefined && d.timeout > 0) op.timeout = d.timeout;
      if (d.gracePeriod !== undefined) {
        if (d.gracePeriod % MICROS_PER_SECOND !== 0)
          reporter.error(site, [...at, 'gracePeriod'], msg.wholeSeconds);
        op.gracePeriodSeconds = d.gracePeriod / MICROS_PER_SECOND;
      }
      return op;
    }
    case 'scale': {
      const w = workload(d.workload, d.namespace);
      return w && { kind: 'scale', at: d.at, workload: keyOf(w), replicas: d.replicas };
    }
    case 'rolloutRestart': {
      const w = workload(d.workload, d.namespace);
      return w && { kind: 'rolloutRestart', at: d.at, workload: keyOf(w) };
    }
    case 'setImage': {
      const w = workload(d.workload, d.namespace);
      if (!w) return undefined;
      const names = w.template.spec.containers.map((c) => c.name);
      if (d.container !== undefined && !names.includes(d.container))
        reporter.error(
          site,
          [...at, 'container'],
          msg.containerUnknown(d.container, `${w.kind} ${JSON.stringify(w.name)}`, names),
        );
      const op: Operation = { kind: 'setImage', at: d.at, workload: keyOf(w), image: d.image };
      if (d.container !== undefined) op.container = d.container;
      return op;
    }
    case 'apply':
      return convertApply(d.at, d.file, [...at, 'file'], site, refs, reporter);
    case 'upgradeNodePool':
      if (!refs.poolNames.includes(d.pool)) reporter.error(site, [...at, 'pool'], msg.poolUnknown(d.pool));
      return {
        kind: 'upgradeNodePool',
        at: d.at,
        pool: d.pool,
        maxSurge: d.maxSurge ?? DEFAULT_MAX_SURGE,
        nodeDuration: d.nodeDuration ?? DEFAULT_NODE_DURATION,
        version: d.version ?? nextMinor(refs.kubernetesVersion),
        drainTimeout: d.drainTimeout ?? DEFAULT_UPGRADE_DRAIN_TIMEOUT,
      };
  }
}

/** An `apply`: the file's workloads, each an existing one with the same selector. */
function convertApply(
  at: Micros,
  file: string,
  path: Path,
  site: Site,
  refs: OperationReferences,
  reporter: Reporter,
): Operation | undefined {
  const loaded = refs.loadManifest(file);
  if ('problem' in loaded) {
    reporter.error(site, path, msg.applyUnreadable(file, loaded.problem));
    return undefined;
  }
  if (!loaded.ok) {
    // The file's own diagnostics (with its lines) say what is wrong; point at the operation too.
    reporter.error(site, path, msg.applyUnreadable(file, 'it has errors (listed at its lines)'));
    return undefined;
  }
  if (loaded.workloads.length === 0) {
    reporter.error(site, path, msg.applyNothing(file));
    return undefined;
  }
  if (loaded.otherKinds.length > 0) reporter.warning(site, path, msg.applyIgnored(file, loaded.otherKinds));
  const changes: ApplyOperation['changes'] = [];
  for (const { workload: w, setsReplicas } of loaded.workloads) {
    const last = refs.workloads.find(
      (x) => x.kind === w.kind && x.name === w.name && x.namespace === w.namespace,
    );
    if (!last) {
      reporter.error(site, path, msg.applyUnknown(w.kind, w.name, w.namespace));
      continue;
    }
    if (JSON.stringify(last.selector) !== JSON.stringify(w.selector))
      reporter.error(site, path, msg.applySelector(w.kind, w.name));
    if (specRest(last) !== specRest(w)) reporter.warning(site, path, msg.applyOtherFields(w.kind, w.name));
    const change: ApplyOperation['changes'][number] = { workload: keyOf(w), template: w.template };
    if (setsReplicas) change.replicas = w.replicas;
    changes.push(change);
  }
  return { kind: 'apply', at, file, changes };
}

/** Everything but the template and replicas (which apply simulates) and the selector (checked apart). */
function specRest(w: Workload): string {
  return JSON.stringify({ ...w, template: undefined, replicas: undefined, selector: undefined });
}

function keyOf(w: Workload): string {
  return objectKey(w.namespace, w.name);
}

/** "1.36" → "1.37": a node-pool upgrade moves one minor version, as GKE and kubeadm allow. */
function nextMinor(version: string): string {
  const [major, minor] = version.split('.');
  return `${major}.${Number(minor) + 1}`;
}
