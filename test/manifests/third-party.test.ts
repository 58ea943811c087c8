import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { LoadResult } from '../../src/manifests/index.js';
import { formatDiagnostic, loadFiles } from '../../src/manifests/index.js';

// Real third-party manifests, read from the shared data folder beside the repository (shared/ next to
// the clone; see shared/data/manifests/SOURCES.md). They are never copied into the repository; when
// the folder is absent these tests are skipped with a notice.

const SHARED = fileURLToPath(new URL('../../../shared/data/manifests/', import.meta.url));
const present = existsSync(SHARED);
if (!present) console.warn(`[manifests] ${SHARED} not found: third-party manifest tests skipped`);

const MiB = 1024 ** 2;
const GiB = 1024 ** 3;

async function load(...files: string[]): Promise<LoadResult> {
  return loadFiles(files.map((f) => `${SHARED}${f}`));
}

function warnings(r: LoadResult): string[] {
  return r.diagnostics
    .filter((d) => d.severity === 'warning')
    .map((d) => formatDiagnostic(d).replace(SHARED, ''));
}

describe.skipIf(!present)('third-party manifests', () => {
  it('Online Boutique: 12 Deployments and 12 Services, requests parsed, ServiceAccounts skipped', async () => {
    const r = await load('online-boutique-kubernetes-manifests.yaml');
    expect(r.ok).toBe(true);
    expect(r.input.deployments).toHaveLength(12);
    expect(r.input.services).toHaveLength(12);
    const frontend = r.input.deployments.find((d) => d.name === 'frontend');
    const c = frontend?.template.spec.containers.find((x) => x.name === 'server');
    expect(c?.requests).toEqual({ cpu: 100, memory: 64 * MiB });
    expect(c?.limits).toEqual({ cpu: 200, memory: 128 * MiB });
    expect(r.input.services.find((s) => s.name === 'frontend-external')?.type).toBe('LoadBalancer');
    expect(
      r.input.deployments.every((d) => d.replicas === 1 && d.template.spec.tolerations.length === 2),
    ).toBe(true);
    const w = warnings(r);
    expect(w).toHaveLength(11);
    expect(w.every((line) => line.includes('kind ServiceAccount is not simulated yet, skipped'))).toBe(true);
  });

  it('Bookinfo: 6 Deployments without requests, 4 Services', async () => {
    const r = await load('istio-bookinfo.yaml');
    expect(r.ok).toBe(true);
    expect(r.input.deployments.map((d) => d.name).sort()).toEqual([
      'details-v1',
      'productpage-v1',
      'ratings-v1',
      'reviews-v1',
      'reviews-v2',
      'reviews-v3',
    ]);
    expect(r.input.services).toHaveLength(4);
    for (const d of r.input.deployments) expect(d.template.spec.containers[0]?.requests).toEqual({});
    expect(warnings(r)).toHaveLength(4);
  });

  it('Sock Shop: 14 Deployments in namespace sock-shop, the Namespace skipped', async () => {
    const r = await load('sock-shop-complete-demo.yaml');
    expect(r.ok).toBe(true);
    expect(r.input.deployments).toHaveLength(14);
    expect(r.input.services).toHaveLength(14);
    expect(r.input.deployments.every((d) => d.namespace === 'sock-shop')).toBe(true);
    expect(r.input.deployments[0]?.template.spec.nodeSelector).toEqual({ 'beta.kubernetes.io/os': 'linux' });
    expect(r.input.services.filter((s) => s.type === 'NodePort').map((s) => s.name)).toEqual(['front-end']);
    expect(warnings(r)).toEqual([
      'sock-shop-complete-demo.yaml:3:1: Namespace "sock-shop": kind Namespace is not simulated yet, skipped',
    ]);
  });

  it('Sock Shop autoscaling: 8 autoscaling/v1 HPAs converted to v2; 7 load, cart names a Deployment that is carts', async () => {
    const r = await load('sock-shop-complete-demo.yaml', 'sock-shop-autoscaling');
    const hpas = r.input.horizontalPodAutoscalers ?? [];
    expect(hpas.map((h) => h.name)).toEqual([
      'catalogue',
      'front-end',
      'orders',
      'payment',
      'queue-master',
      'shipping',
      'user',
    ]);
    expect(hpas[0]).toEqual({
      namespace: 'sock-shop',
      name: 'catalogue',
      target: { kind: 'Deployment', name: 'catalogue' },
      minReplicas: 1,
      maxReplicas: 10,
      targetCpuUtilization: 50,
    });
    // Upstream's cart HPA targets "cart" while the Deployment is "carts": the real controller reports
    // FailedGetScale for it forever; kubesim says so at load.
    expect(
      r.diagnostics.filter((d) => d.severity === 'error').map((d) => formatDiagnostic(d).replace(SHARED, '')),
    ).toEqual([
      'sock-shop-autoscaling/cart-hsc.yaml:11:11: HorizontalPodAutoscaler "sock-shop/cart": spec.scaleTargetRef.name: the scale target Deployment "cart" does not exist in namespace "sock-shop": did you mean "carts"?',
    ]);
  });

  it('php-apache with its flow-style HPA (trailing commas): 1 replica, 200m request', async () => {
    const r = await load('k8s-website/php-apache.yaml', 'k8s-website/hpa-php-apache.yaml');
    expect(r.ok).toBe(true);
    const d = r.input.deployments[0];
    expect(d?.replicas).toBe(1);
    expect(d?.template.spec.containers[0]?.requests).toEqual({ cpu: 200 });
    expect(d?.template.spec.containers[0]?.limits).toEqual({ cpu: 500 });
    expect(r.input.services.map((s) => s.name)).toEqual(['php-apache']);
    expect(r.input.horizontalPodAutoscalers).toEqual([
      {
        namespace: 'default',
        name: 'php-apache',
        target: { kind: 'Deployment', name: 'php-apache' },
        minReplicas: 1,
        maxReplicas: 10,
        targetCpuUtilization: 50,
      },
    ]);
    expect(warnings(r)).toEqual([]);
  });

  it('ZooKeeper: a StatefulSet of 3 with anti-affinity, 2 Services and a PDB; the PDB examples', async () => {
    const r = await load('k8s-website/zookeeper.yaml');
    expect(r.ok).toBe(true);
    const zk = r.input.statefulSets[0];
    expect(zk).toMatchObject({
      name: 'zk',
      replicas: 3,
      serviceName: 'zk-hs',
      podManagementPolicy: 'OrderedReady',
    });
    expect(zk?.template.spec.containers[0]?.requests).toEqual({ cpu: 500, memory: 1 * GiB });
    expect(
      zk?.template.spec.affinity?.podAntiAffinity?.requiredDuringSchedulingIgnoredDuringExecution?.[0],
    ).toMatchObject({ topologyKey: 'kubernetes.io/hostname' });
    expect(r.input.services).toHaveLength(2);
    expect(r.input.podDisruptionBudgets).toEqual([
      {
        namespace: 'default',
        name: 'zk-pdb',
        selector: { matchLabels: { 'app.kubernetes.io/name': 'zk' } },
        maxUnavailable: 1,
      },
    ]);
    const min = await load('k8s-website/zookeeper-pod-disruption-budget-minavailable.yaml');
    expect(min.input.podDisruptionBudgets[0]?.minAvailable).toBe(2);
    const max = await load('k8s-website/zookeeper-pod-disruption-budget-maxunavailable.yaml');
    expect(max.input.podDisruptionBudgets[0]?.maxUnavailable).toBe(1);
  });

  it('meteor-service.json: a JSON LoadBalancer Service with ClientIP affinity of 90 s, selecting nothing here', async () => {
    const r = await load('k8s-examples/meteor-service.json');
    expect(r.ok).toBe(true);
    expect(r.input.services[0]).toMatchObject({
      name: 'meteor',
      type: 'LoadBalancer',
      sessionAffinity: 'ClientIP',
      sessionAffinityTimeoutSeconds: 90,
      selector: { name: 'meteor' },
    });
    expect(warnings(r)).toEqual([
      'k8s-examples/meteor-service.json:14:17: Service "meteor": spec.selector: Service "meteor" selects no Deployment, StatefulSet or Pod template: it will have no endpoints',
    ]);
  });

  it('everything at once: the top-level folder loads without error', async () => {
    const r = await loadFiles([SHARED]);
    expect(r.diagnostics.filter((d) => d.severity === 'error').map(formatDiagnostic)).toEqual([]);
    expect(r.input.deployments).toHaveLength(12 + 6 + 14);
  });
});
