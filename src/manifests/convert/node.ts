import type { z } from 'zod';
import { LABEL_HOSTNAME, LABEL_NODE_POOL, type Node } from '../../model/node.js';
import * as m from '../messages.js';
import type { Reporter, Site } from '../report.js';
import type { node as nodeSchema } from '../schemas/core.js';

/** kubelet's default maxPods (pkg/kubelet/apis/config/v1beta1/defaults.go): the "pods" allocatable. */
export const DEFAULT_MAX_PODS = 110;
/** Annotation carrying a node's price, which Kubernetes has no field for. */
export const PRICE_ANNOTATION = 'kubesim.dev/price-per-hour';

/**
 * A Node object as the simulation starts from it: allocatable defaulted to capacity (core/v1
 * SetDefaults_NodeStatus copies capacity when allocatable is unset), "pods" defaulted to kubelet's
 * maxPods, the hostname label the kubelet sets, Ready, spec.unschedulable and spec.taints as
 * given, the price from the kubesim.dev/price-per-hour annotation (else 0).
 */
export function convertNode(raw: z.output<typeof nodeSchema>, site: Site, reporter: Reporter): Node {
  const status = raw.status ?? {};
  const allocatable: Record<string, number> = { ...(status.allocatable ?? status.capacity ?? {}) };
  if (allocatable.pods === undefined) allocatable.pods = DEFAULT_MAX_PODS;
  if (allocatable.cpu === undefined) reporter.warning(site, ['status'], m.nodeWithoutCpu);
  const name = raw.metadata.name;
  const labels = { ...(raw.metadata.labels ?? {}) };
  if (labels[LABEL_HOSTNAME] === undefined) labels[LABEL_HOSTNAME] = name;
  let pricePerHour = 0;
  const price = raw.metadata.annotations?.[PRICE_ANNOTATION];
  if (price !== undefined) {
    const n = Number(price);
    if (price.trim() === '' || !Number.isFinite(n) || n < 0) {
      reporter.error(site, ['metadata', 'annotations', PRICE_ANNOTATION], m.priceAnnotation(price));
    } else pricePerHour = n;
  }
  const node: Node = {
    name,
    labels,
    taints: raw.spec?.taints ?? [],
    allocatable,
    unschedulable: raw.spec?.unschedulable ?? false,
    ready: 'True',
    pricePerHour,
    createdAt: 0,
  };
  const pool = labels[LABEL_NODE_POOL];
  if (pool !== undefined) node.pool = pool;
  return node;
}
