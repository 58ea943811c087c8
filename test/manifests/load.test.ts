import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { parseAllDocuments } from 'yaml';
import { MICROS_PER_HOUR, MICROS_PER_MINUTE, MICROS_PER_SECOND } from '../../src/engine/time.js';
import { formatDiagnostic, loadFiles, loadText, MAX_FILE_BYTES } from '../../src/manifests/index.js';

const TESTDATA = fileURLToPath(new URL('./testdata/', import.meta.url));
const GiB = 1024 ** 3;
const MiB = 1024 ** 2;

const tmp = mkdtempSync(join(tmpdir(), 'kubesim-manifests-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

function errors(r: { diagnostics: ReturnType<typeof loadText>['diagnostics'] }): string[] {
  return r.diagnostics.filter((d) => d.severity === 'error').map(formatDiagnostic);
}

const DEPLOYMENT = (extra = '') => `apiVersion: apps/v1
kind: Deployment
metadata: {name: web}
spec:
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec:
      containers: [{name: web}]
${extra}`;

describe('Kubernetes defaulting and admission', () => {
  it('a Deployment gets apps/v1 and core/v1 defaults and the default tolerations', async () => {
    const r = await loadFiles([`${TESTDATA}deployment.good.yaml`]);
    const d = r.input.deployments[0];
    expect(d).toBeDefined();
    if (!d) return;
    expect(d.namespace).toBe('default');
    expect(d.replicas).toBe(1);
    expect(d.minReadySeconds).toBe(0);
    expect(d.strategy).toEqual({
      type: 'RollingUpdate',
      rollingUpdate: { maxSurge: '25%', maxUnavailable: '25%' },
    });
    const spec = d.template.spec;
    expect(spec.schedulerName).toBe('default-scheduler');
    expect(spec.terminationGracePeriodSeconds).toBe(30);
    expect(spec.preemptionPolicy).toBe('PreemptLowerPriority');
    expect(spec.priority).toBe(0);
    expect(spec.tolerations).toEqual([
      {
        key: 'node.kubernetes.io/not-ready',
        operator: 'Exists',
        effect: 'NoExecute',
        tolerationSeconds: 300,
      },
      {
        key: 'node.kubernetes.io/unreachable',
        operator: 'Exists',
        effect: 'NoExecute',
        tolerationSeconds: 300,
      },
    ]);
    // Requests as written, plus the limit of a resource that has no request (core/v1 SetDefaults_Pod).
    expect(spec.containers[0]?.requests).toEqual({ cpu: 250, memory: 256 * MiB, 'nvidia.com/gpu': 1 });
    expect(spec.containers[0]?.limits).toEqual({ cpu: 1000, memory: 512 * MiB, 'nvidia.com/gpu': 1 });
    expect(spec.containers[0]?.ports).toEqual([
      { containerPort: 8080, hostPort: undefined, hostIP: undefined, protocol: 'TCP' },
    ]);
    expect(d.template.labels).toEqual({ app: 'web', tier: 'frontend' });
    const svc = r.input.services[0];
    expect(svc).toMatchObject({
      type: 'ClusterIP',
      sessionAffinity: 'None',
      sessionAffinityTimeoutSeconds: 10800,
    });
    expect(svc?.ports).toEqual([{ name: undefined, port: 80, targetPort: 8080, protocol: 'TCP' }]);
  });

  it('a Pod with nodeName is bound; its priority comes from its class; a given toleration is kept', async () => {
    const r = await loadFiles([`${TESTDATA}helm.good.yaml`]);
    expect(r.ok).toBe(true);
    const pod = r.input.pods[0];
    expect(pod).toMatchObject({
      uid: 1,
      name: 'pinned',
      namespace: 'default',
      phase: 'Pending',
      nodeName: 'node-a',
    });
    expect(pod?.createdAt).toBe(0);
    expect(pod?.spec.priority).toBe(100000);
    expect(pod?.spec.preemptionPolicy).toBe('Never');
    expect(pod?.spec.containers[0]?.requests).toEqual({ cpu: 100, memory: 64 * MiB });
    expect(pod?.spec.tolerations).toEqual([
      {
        key: 'node.kubernetes.io/unreachable',
        operator: 'Exists',
        effect: 'NoExecute',
        tolerationSeconds: 30,
      },
      {
        key: 'node.kubernetes.io/not-ready',
        operator: 'Exists',
        effect: 'NoExecute',
        tolerationSeconds: 300,
      },
    ]);
  });

  it('a Pod bound to a node that does not exist gets a warning; a pool node counts', () => {
    const pod = (node: string) =>
      `apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec: {nodeName: ${node}, containers: [{name: c}]}\n---\n`;
    const scenario =
      'apiVersion: kubesim.dev/v1alpha1\nkind: Scenario\nspec:\n  duration: 1h\n  cluster: {nodePools: [{name: gp, cpu: 2, memory: 4Gi, count: 2}]}\n';
    expect(loadText(pod('gp-1') + scenario, 'p.yaml').diagnostics).toEqual([]);
    expect(loadText(pod('gp-2') + scenario, 'p.yaml').diagnostics.map(formatDiagnostic)).toEqual([
      'p.yaml:4:18: Pod "p": spec.nodeName: no Node named "gp-2" (nor a node of a Scenario pool, "<pool>-<n>"): the pod will stay Pending',
    ]);
  });

  it('a Pod controlled by a ReplicaSet (a kubectl dump) is skipped with a warning', () => {
    const r = loadText(
      `apiVersion: v1
kind: Pod
metadata:
  name: web-7d9f-abcde
  ownerReferences:
  - {apiVersion: apps/v1, kind: ReplicaSet, name: web-7d9f, uid: x, controller: true, blockOwnerDeletion: true}
spec:
  containers: [{name: web}]
`,
      'dump.yaml',
    );
    expect(r.input.pods).toEqual([]);
    expect(r.diagnostics.map(formatDiagnostic)).toEqual([
      'dump.yaml:5:3: Pod "web-7d9f-abcde": metadata.ownerReferences: the pod is controlled by ReplicaSet "web-7d9f": skipped, as controllers create their own pods in the simulation',
    ]);
  });

  it('a Node: allocatable from capacity, pods 110, hostname label, price annotation, taints', async () => {
    const r = await loadFiles([`${TESTDATA}helm.good.yaml`]);
    expect(r.input.nodes).toEqual([
      {
        name: 'node-a',
        labels: { 'topology.kubernetes.io/zone': 'zone-a', 'kubernetes.io/hostname': 'node-a' },
        taints: [{ key: 'dedicated', value: 'shop', effect: 'NoSchedule' }],
        allocatable: { cpu: 4000, memory: 16 * GiB, 'ephemeral-storage': 100 * GiB, pods: 110 },
        unschedulable: false,
        ready: 'True',
        pricePerHour: 0.192,
        createdAt: 0,
      },
    ]);
  });

  it('the built-in system classes exist, and a globalDefault class applies to pods naming none', () => {
    const r = loadText(
      `apiVersion: scheduling.k8s.io/v1
kind: PriorityClass
metadata: {name: normal}
value: 500
globalDefault: true
---
apiVersion: v1
kind: Pod
metadata: {name: plain}
spec: {containers: [{name: c}]}
---
apiVersion: v1
kind: Pod
metadata: {name: critical}
spec: {priorityClassName: system-node-critical, containers: [{name: c}]}
`,
      'p.yaml',
    );
    expect(r.ok).toBe(true);
    expect(r.input.pods.map((p) => [p.name, p.spec.priority, p.spec.priorityClassName])).toEqual([
      ['plain', 500, 'normal'],
      ['critical', 2000001000, 'system-node-critical'],
    ]);
    expect(r.input.priorityClasses.map((c) => c.name)).toEqual([
      'system-cluster-critical',
      'system-node-critical',
      'normal',
    ]);
  });

  it('Priority admission rejects a pod whose spec.priority disagrees, and a second globalDefault', () => {
    const r = loadText(
      `apiVersion: scheduling.k8s.io/v1
kind: PriorityClass
metadata: {name: a}
value: 1
globalDefault: true
---
apiVersion: scheduling.k8s.io/v1
kind: PriorityClass
metadata: {name: b}
value: 2
globalDefault: true
---
apiVersion: v1
kind: Pod
metadata: {name: p}
spec: {priority: 7, containers: [{name: c}]}
`,
      'p.yaml',
    );
    expect(errors(r)).toEqual([
      'p.yaml:11:16: PriorityClass "b": globalDefault: PriorityClass "a" is already the globalDefault; only one may be',
      'p.yaml:16:18: Pod "p": spec.priority: the integer value of priority (7) must not be provided in pod spec; priority admission controller computed 1 from the given PriorityClass name',
    ]);
  });

  it('Priority admission: preemptionPolicy comes from the class, else PreemptLowerPriority; a pod may not differ', () => {
    const r = loadText(
      'apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec: {preemptionPolicy: Never, containers: [{name: c}]}\n',
      'p.yaml',
    );
    expect(errors(r)).toEqual([
      'p.yaml:4:26: Pod "p": spec.preemptionPolicy: the string value of PreemptionPolicy (Never) must not be provided in pod spec; priority admission controller computed PreemptLowerPriority from the given PriorityClass name',
    ]);
  });

  it('user PriorityClasses may not use the system- prefix nor values above 1e9', () => {
    const r = loadText(
      'apiVersion: scheduling.k8s.io/v1\nkind: PriorityClass\nmetadata: {name: system-mine}\nvalue: 2000000000\n',
      'pc.yaml',
    );
    expect(errors(r)).toHaveLength(2);
    // The built-in classes as `kubectl get pc -o yaml` lists them are accepted and not duplicated.
    const listed = loadText(
      'apiVersion: scheduling.k8s.io/v1\nkind: PriorityClass\nmetadata: {name: system-node-critical}\nvalue: 2000001000\npreemptionPolicy: PreemptLowerPriority\n',
      'pc.yaml',
    );
    expect(listed.ok).toBe(true);
    expect(listed.input.priorityClasses).toHaveLength(2);
  });

  it('a Deployment: empty selector, Recreate with rollingUpdate, and maxSurge = maxUnavailable = 0 are errors', () => {
    const bad = (strategy: string) =>
      loadText(
        DEPLOYMENT().replace('spec:\n  selector', `spec:\n  strategy: ${strategy}\n  selector`),
        'd.yaml',
      );
    expect(errors(bad('{type: Recreate, rollingUpdate: {maxSurge: 1}}'))[0]).toContain(
      "spec.strategy.rollingUpdate: may not be specified when strategy type is 'Recreate'",
    );
    expect(errors(bad('{rollingUpdate: {maxSurge: 0, maxUnavailable: "0%"}}'))[0]).toContain(
      'maxSurge and maxUnavailable may not both be 0',
    );
    expect(bad('{type: Recreate}').input.deployments[0]?.strategy).toEqual({ type: 'Recreate' });
    const empty = loadText(DEPLOYMENT().replace('{matchLabels: {app: web}}', '{}'), 'd.yaml');
    expect(errors(empty)).toEqual([
      'd.yaml:5:13: Deployment "web": spec.selector: expected a non-empty selector (matchLabels or matchExpressions)',
    ]);
  });

  it('a StatefulSet and a ClientIP Service from JSON get their defaults', async () => {
    const r = await loadFiles([`${TESTDATA}json.good.json`]);
    expect(r.input.statefulSets[0]).toMatchObject({
      name: 'db',
      replicas: 1,
      podManagementPolicy: 'OrderedReady',
      serviceName: 'db',
    });
    expect(r.input.statefulSets[0]?.template.spec.containers[0]?.requests).toEqual({
      cpu: 2000,
      memory: 4 * GiB,
    });
    expect(r.input.services[0]).toMatchObject({
      sessionAffinity: 'ClientIP',
      sessionAffinityTimeoutSeconds: 10800,
    });
  });

  it('a List (kubectl get -o yaml) is read item by item, ignoring server-set fields', async () => {
    const r = await loadFiles([`${TESTDATA}list.good.yaml`]);
    const d = r.input.deployments[0];
    expect(d).toMatchObject({ namespace: 'shop', name: 'api', replicas: 3 });
    expect(d?.strategy).toEqual({ type: 'RollingUpdate', rollingUpdate: { maxSurge: 1, maxUnavailable: 0 } });
    expect(d?.template.spec.terminationGracePeriodSeconds).toBe(45);
    expect(r.input.services[0]).toMatchObject({ namespace: 'shop', name: 'api', selector: { app: 'api' } });
  });

  it('errors inside a List point at the item, with the item named', () => {
    const r = loadText(
      'apiVersion: v1\nkind: List\nitems:\n- apiVersion: apps/v1\n  kind: Deployment\n  metadata: {name: x}\n  spec: {replicas: many}\n',
      'l.yaml',
    );
    expect(errors(r)).toContain(
      'l.yaml:7:20: Deployment "x": spec.replicas: expected an integer >= 0, got "many"',
    );
  });

  it('anchors, aliases and merge keys are expanded', async () => {
    const r = await loadFiles([`${TESTDATA}anchors.good.yaml`]);
    const containers = r.input.deployments[0]?.template.spec.containers ?? [];
    expect(containers.map((c) => [c.name, c.requests])).toEqual([
      ['main', { cpu: 100, memory: 64 * MiB }],
      ['sidecar', { cpu: 100, memory: 64 * MiB }],
    ]);
    expect(r.input.statefulSets[0]?.template.spec.containers[1]?.requests).toEqual({
      cpu: 100,
      memory: 64 * MiB,
    });
  });

  it('an alias to an anchor of another document is an error, not an alias bomb', () => {
    const r = loadText('a: &x 1\n---\nb: *x\n', 'a.yaml');
    expect(r.diagnostics.map(formatDiagnostic)).toContain(
      'a.yaml:3:4: invalid YAML: alias *x refers to no anchor &x defined before it in this document',
    );
  });

  it('a KubeSchedulerConfiguration is read as written', async () => {
    const r = await loadFiles([`${TESTDATA}scheduler.good.yaml`]);
    const c = r.input.schedulerConfiguration;
    expect(c).toMatchObject({
      percentageOfNodesToScore: 50,
      podInitialBackoffSeconds: 2,
      podMaxBackoffSeconds: 20,
    });
    expect(c?.profiles?.[0]?.plugins?.score?.enabled).toEqual([{ name: 'NodeResourcesFit', weight: 2 }]);
    expect(c?.profiles?.[0]?.pluginConfig?.[0]?.args).toMatchObject({
      scoringStrategy: { type: 'MostAllocated' },
    });
  });

  it('a KubeSchedulerConfiguration: unknown fields are errors, upstream fields not simulated are warnings', () => {
    const r = loadText(
      'apiVersion: kubescheduler.config.k8s.io/v1\nkind: KubeSchedulerConfiguration\nparallelism: 16\npercentageOfNodes: 5\npodInitialBackoffSeconds: 5\npodMaxBackoffSeconds: 2\n',
      'k.yaml',
    );
    expect(r.diagnostics.map(formatDiagnostic)).toEqual([
      'k.yaml:3:1: KubeSchedulerConfiguration (unnamed): parallelism: field "parallelism" is not simulated yet, ignored',
      'k.yaml:4:1: KubeSchedulerConfiguration (unnamed): percentageOfNodes: unknown field "percentageOfNodes"',
    ]);
  });

  it('a Service: sessionAffinityConfig needs ClientIP, and its timeout is 1..86400 s', () => {
    const svc = (spec: string) =>
      loadText(`apiVersion: v1\nkind: Service\nmetadata: {name: s}\nspec: ${spec}\n`, 's.yaml');
    expect(errors(svc('{sessionAffinityConfig: {clientIP: {timeoutSeconds: 60}}}'))).toEqual([
      's.yaml:4:31: Service "s": spec.sessionAffinityConfig: must not be set when sessionAffinity is None (set sessionAffinity: ClientIP)',
    ]);
    expect(
      errors(svc('{sessionAffinity: ClientIP, sessionAffinityConfig: {clientIP: {timeoutSeconds: 86401}}}')),
    ).toEqual([
      's.yaml:4:86: Service "s": spec.sessionAffinityConfig.clientIP.timeoutSeconds: expected an integer from 1 to 86400, got 86401',
    ]);
  });

  it('a PodDisruptionBudget: percentages up to 100%', () => {
    const r = loadText(
      'apiVersion: policy/v1\nkind: PodDisruptionBudget\nmetadata: {name: p}\nspec: {minAvailable: 150%, selector: {matchLabels: {app: a}}}\n',
      'p.yaml',
    );
    expect(errors(r)).toEqual([
      'p.yaml:4:22: PodDisruptionBudget "p": spec.minAvailable: expected a percentage <= 100%, got "150%"',
    ]);
  });

  it('a duplicate object is an error naming where it was first defined', () => {
    const r = loadText(`${DEPLOYMENT()}---\n${DEPLOYMENT()}`, 'dup.yaml');
    expect(errors(r)).toEqual([
      'dup.yaml:13:18: Deployment "web": metadata.name: Deployment "web" is defined twice (first at dup.yaml:1); the later definition is ignored',
    ]);
    expect(r.input.deployments).toHaveLength(1);
  });

  it('the Service of the k8s examples (JSON) keeps its ClientIP affinity timeout', async () => {
    const r = loadText(
      '{"kind":"Service","apiVersion":"v1","metadata":{"name":"m"},"spec":{"selector":{"name":"m"},"sessionAffinity":"ClientIP","sessionAffinityConfig":{"clientIP":{"timeoutSeconds":90}},"type":"LoadBalancer","ports":[{"port":80,"targetPort":"http-server"}]}}',
      'm.json',
    );
    expect(r.input.services[0]).toMatchObject({
      type: 'LoadBalancer',
      sessionAffinityTimeoutSeconds: 90,
      ports: [{ port: 80, targetPort: 'http-server', protocol: 'TCP' }],
    });
  });
});

describe('the Scenario', () => {
  it('is converted with its includes, pools, services and faults', async () => {
    const r = await loadFiles([`${TESTDATA}scenario.good.yaml`]);
    expect(r.diagnostics.map(formatDiagnostic)).toEqual([]);
    const s = r.input.scenario;
    expect(s).toBeDefined();
    if (!s) return;
    expect(s).toMatchObject({
      name: 'shop-peak',
      seed: 42,
      kubernetesVersion: '1.32',
      zones: ['zone-a', 'zone-b', 'zone-c'],
    });
    expect(s.duration).toBe(6 * MICROS_PER_HOUR);
    expect(s.warmup).toBe(10 * MICROS_PER_MINUTE);
    expect(r.input.deployments.map((d) => d.name)).toEqual(['frontend']);
    const [general, gpu] = s.nodePools;
    expect(general).toMatchObject({
      name: 'general',
      instanceType: 'm5.xlarge',
      allocatable: { cpu: 4000, memory: 15 * GiB, pods: 110 },
      pricePerHour: 0.192,
      count: 6,
      min: 3,
      max: 20,
      labels: { tier: 'general' },
      taints: [],
    });
    expect(general?.provisioningTime?.description).toBe(
      `lognormal(median ${90 * MICROS_PER_SECOND}, p99 ${5 * MICROS_PER_MINUTE})`,
    );
    expect(gpu).toMatchObject({
      allocatable: { cpu: 8000, memory: 61 * GiB, pods: 58, 'nvidia.com/gpu': 1 },
      pricePerHour: 0,
      zones: ['zone-a', 'zone-b', 'zone-c'],
    });
    // 12 s, 15.5 s, 20 s, 1 min; the "seconds" header line is skipped.
    expect(s.services.frontend?.startupTime.mean).toBe(((12 + 15.5 + 20 + 60) / 4) * MICROS_PER_SECOND);
    expect(s.faults).toEqual([
      {
        kind: 'nodeCrash',
        at: 2 * MICROS_PER_HOUR,
        target: { pool: 'general', zone: 'zone-a', count: 1 },
        for: 30 * MICROS_PER_MINUTE,
      },
      { kind: 'nodeCrash', at: 3 * MICROS_PER_HOUR, target: { node: 'general-4', count: 1 } },
    ]);
  });

  it('defaults: seed 1, warmup 0, Kubernetes 1.36, startupTime constant 10 s', () => {
    const r = loadText(
      `apiVersion: kubesim.dev/v1alpha1\nkind: Scenario\nmetadata: {name: s}\nspec:\n  duration: 1h\n  services: {web: {}}\n---\n${DEPLOYMENT()}`,
      's.yaml',
    );
    expect(r.ok).toBe(true);
    expect(r.input.scenario).toMatchObject({
      seed: 1,
      warmup: 0,
      kubernetesVersion: '1.36',
      nodePools: [],
      faults: [],
    });
    expect(r.input.scenario?.services.web?.startupTime.mean).toBe(10 * MICROS_PER_SECOND);
  });

  it('duration is required', () => {
    const r = loadText(
      'apiVersion: kubesim.dev/v1alpha1\nkind: Scenario\nmetadata: {name: s}\nspec: {seed: 3}\n',
      's.yaml',
    );
    expect(errors(r)).toEqual([
      's.yaml:4:1: Scenario "s": spec.duration: required field is missing (expected a duration > 0 such as "90s", "1h30m" or "250ms")',
    ]);
  });

  it('accepts every supported Kubernetes version and refuses others', () => {
    const v = (version: string) =>
      loadText(
        `apiVersion: kubesim.dev/v1alpha1\nkind: Scenario\nspec: {duration: 1h, kubernetesVersion: ${version}}\n`,
        's.yaml',
      );
    for (const ok of ['"1.30"', '"1.33"', '"v1.36"', '"1.34.2"']) expect(v(ok).ok).toBe(true);
    expect(errors(v('"1.29"'))[0]).toContain('expected one of "1.30", "1.31"');
    expect(v('"1.36"').input.scenario?.kubernetesVersion).toBe('1.36');
  });

  it('every distribution shape converts, each bad one is reported', () => {
    const withStartup = (d: string) =>
      loadText(
        `apiVersion: kubesim.dev/v1alpha1\nkind: Scenario\nspec:\n  duration: 1h\n  services:\n    web: {startupTime: ${d}}\n---\n${DEPLOYMENT()}`,
        's.yaml',
      );
    const mean = (d: string) => withStartup(d).input.scenario?.services.web?.startupTime.mean;
    expect(mean('{constant: 5s}')).toBe(5 * MICROS_PER_SECOND);
    expect(mean('{exponential: {mean: 250ms}}')).toBe(250_000);
    expect(mean('{uniform: {min: 1s, max: 3s}}')).toBe(2 * MICROS_PER_SECOND);
    expect(mean('{pareto: {scale: 1ms, shape: 2}}')).toBe(2000);
    expect(mean('{lognormal: {median: 20ms, p99: 200ms}}')).toBeGreaterThan(20_000);
    expect(errors(withStartup('{uniform: {min: 3s, max: 1s}}'))[0]).toContain('expected min <= max');
    expect(errors(withStartup('{exponential: {mean: 5s, sd: 1s}}'))[0]).toContain('unknown field "sd"');
    expect(errors(withStartup('{exponential: {mean: 0s}}'))[0]).toContain('expected a duration > 0');
    expect(errors(withStartup('{pareto: {scale: 1ms, shape: -1}}'))[0]).toContain(
      'expected a finite number > 0, got -1',
    );
    expect(errors(withStartup('{empirical: {file: nope.csv}}'))[0]).toContain(
      'Cannot read samples file "nope.csv"',
    );
    expect(errors(withStartup('5s'))[0]).toContain('expected a distribution');
  });

  it('fault targets must exist; a node of a pool is "<pool>-<n>"', () => {
    const fault = (target: string) =>
      loadText(
        `apiVersion: kubesim.dev/v1alpha1\nkind: Scenario\nspec:\n  duration: 1h\n  cluster:\n    zones: [a]\n    nodePools: [{name: p, cpu: 2, memory: 4Gi, count: 2}]\n  faults:\n    - {at: 10m, kind: nodeCrash, target: ${target}}\n`,
        's.yaml',
      );
    expect(fault('{node: p-1}').ok).toBe(true);
    const crash = fault('{zone: a, count: 2}').input.scenario?.faults[0];
    expect(crash?.kind === 'nodeCrash' && crash.target).toEqual({ zone: 'a', count: 2 });
    expect(errors(fault('{node: p-2}'))[0]).toContain('no node named "p-2"');
    expect(errors(fault('{zone: b}'))[0]).toContain('no zone named "b"');
    expect(errors(fault('{pool: q}'))[0]).toContain('no node pool named "q"');
    expect(errors(fault('{pool: p, count: 0}'))[0]).toContain('expected an integer >= 1, got 0');
  });

  it('requireScenario: an error when there is none; two Scenarios are an error', () => {
    expect(errors(loadText(DEPLOYMENT(), 'd.yaml', { requireScenario: true }))).toEqual([
      'd.yaml: no Scenario document found (kind: Scenario, apiVersion: kubesim.dev/v1alpha1)',
    ]);
    expect(loadText(DEPLOYMENT(), 'd.yaml').ok).toBe(true);
    const two = 'apiVersion: kubesim.dev/v1alpha1\nkind: Scenario\nspec: {duration: 1h}\n---\n';
    expect(errors(loadText(two + two, 's.yaml'))).toEqual([
      's.yaml:6:1: Scenario (unnamed): kind: only one Scenario is allowed; another was found at s.yaml:1',
    ]);
  });

  it('includes are relative to the Scenario; a file included twice or in a cycle is loaded once', async () => {
    const dir = join(tmp, 'include');
    mkdirSync(join(dir, 'manifests'), { recursive: true });
    writeFileSync(join(dir, 'manifests', 'web.yaml'), DEPLOYMENT());
    writeFileSync(
      join(dir, 'scenario.yaml'),
      'apiVersion: kubesim.dev/v1alpha1\nkind: Scenario\nspec:\n  duration: 1h\n  include: [manifests/web.yaml, manifests/web.yaml, scenario.yaml]\n  cluster: {nodePools: [{name: p, cpu: "16", memory: 64Gi, count: 1}]}\n',
    );
    const r = await loadFiles([join(dir, 'scenario.yaml'), join(dir, 'manifests', 'web.yaml')]);
    expect(r.diagnostics).toEqual([]);
    expect(r.input.deployments).toHaveLength(1);
    const viaText = loadText(
      'apiVersion: kubesim.dev/v1alpha1\nkind: Scenario\nspec:\n  duration: 1h\n  include: [manifests/web.yaml]\n',
      join(dir, 'notebook.yaml'),
    );
    expect(viaText.input.deployments).toHaveLength(1);
  });
});

describe('files', () => {
  it('a file larger than 16 MiB is refused without being read', async () => {
    const big = join(tmp, 'big.yaml');
    writeFileSync(big, '');
    // A sparse 50 MB file: stat reports the size, nothing is written to disk or read into memory.
    const { truncateSync } = await import('node:fs');
    truncateSync(big, 50 * 1000 * 1000);
    const r = await loadFiles([big]);
    expect(MAX_FILE_BYTES).toBe(16 * MiB);
    expect(r.diagnostics.map(formatDiagnostic)).toEqual([
      `${big}: Cannot load "${big}": it is 47.7 MiB, larger than the 16 MiB limit`,
    ]);
    expect(r.ok).toBe(false);
  });

  it('a missing file is an error naming it', async () => {
    const r = await loadFiles([join(tmp, 'nope.yaml')]);
    expect(r.diagnostics.map(formatDiagnostic)).toEqual([
      `${join(tmp, 'nope.yaml')}: Cannot load "${join(tmp, 'nope.yaml')}": no such file or directory`,
    ]);
  });

  it('a directory loads its *.yaml, *.yml and *.json files in name order', async () => {
    const dir = join(tmp, 'dir');
    mkdirSync(dir, { recursive: true });
    const svc = (name: string) =>
      `apiVersion: v1\nkind: Service\nmetadata: {name: ${name}}\nspec: {ports: [{port: 80}]}\n`;
    writeFileSync(join(dir, 'b.yml'), svc('b'));
    writeFileSync(join(dir, 'a.yaml'), svc('a'));
    writeFileSync(
      join(dir, 'c.json'),
      JSON.stringify({ apiVersion: 'v1', kind: 'Service', metadata: { name: 'c' }, spec: {} }),
    );
    writeFileSync(join(dir, 'README.md'), '# not a manifest');
    const r = await loadFiles([dir]);
    expect(r.ok).toBe(true);
    expect(r.input.services.map((s) => s.name)).toEqual(['a', 'b', 'c']);
    mkdirSync(join(tmp, 'empty-dir'), { recursive: true });
    expect(errors(await loadFiles([join(tmp, 'empty-dir')]))[0]).toContain(
      'no *.yaml, *.yml or *.json files',
    );
  });

  it('never throws on garbage: each document gets a diagnostic', () => {
    for (const text of [
      '- 1\n- 2\n',
      '"just a string"',
      'null',
      '\u0000\u0001\u0002',
      '{',
      'kind: Deployment\n',
      ':\n:',
    ]) {
      const r = loadText(text, 'g.yaml');
      expect(r.ok).toBe(false);
      expect(r.diagnostics.length).toBeGreaterThan(0);
    }
  });

  it('never throws on random objects of every kind (property test)', () => {
    const kinds = [
      'Node',
      'Pod',
      'Deployment',
      'StatefulSet',
      'Service',
      'PodDisruptionBudget',
      'PriorityClass',
    ];
    const versions = ['v1', 'apps/v1', 'policy/v1', 'scheduling.k8s.io/v1', 'kubesim.dev/v1alpha1', 'x'];
    const object = fc.record({
      apiVersion: fc.constantFrom(...versions),
      kind: fc.constantFrom(...kinds, 'Scenario', 'List', 'KubeSchedulerConfiguration'),
      metadata: fc.record({ name: fc.string() }, { requiredKeys: [] }),
      spec: fc.jsonValue(),
      value: fc.jsonValue(),
      items: fc.array(fc.jsonValue(), { maxLength: 3 }),
    });
    fc.assert(
      fc.property(fc.array(object, { minLength: 1, maxLength: 4 }), (objects) => {
        const text = objects.map((o) => JSON.stringify(o)).join('\n---\n');
        const r = loadText(text, 'fuzz.yaml');
        expect(Array.isArray(r.diagnostics)).toBe(true);
      }),
      { numRuns: 300, seed: 42 },
    );
    fc.assert(
      fc.property(fc.string({ maxLength: 200 }), (text) => {
        expect(() => loadText(text, 'fuzz.yaml')).not.toThrow();
      }),
      { numRuns: 300, seed: 7 },
    );
  });

  it('never throws when any value of a good Scenario or Deployment is replaced (property test)', () => {
    const bases = ['scenario.good.yaml', 'deployment.good.yaml', 'helm.good.yaml'].map((f) =>
      parseAllDocuments(readFileSync(`${TESTDATA}${f}`, 'utf8')).map((d) => d.toJS() as unknown),
    );
    // Every path to a value inside the documents.
    const paths = (v: unknown, at: (string | number)[] = []): (string | number)[][] =>
      v !== null && typeof v === 'object'
        ? [at, ...Object.entries(v).flatMap(([k, c]) => paths(c, [...at, Array.isArray(v) ? Number(k) : k]))]
        : [at];
    fc.assert(
      fc.property(fc.nat(), fc.nat(), fc.jsonValue({ maxDepth: 2 }), (b, i, replacement) => {
        const docs = structuredClone(bases[b % bases.length]) as unknown[];
        const all = paths(docs).filter((p) => p.length > 1);
        const path = all[i % all.length] as (string | number)[];
        let parent = docs as unknown as Record<string | number, unknown>;
        for (const seg of path.slice(0, -1)) parent = parent[seg] as Record<string | number, unknown>;
        parent[path.at(-1) as string | number] = replacement;
        const text = docs.map((d) => JSON.stringify(d)).join('\n---\n');
        expect(() => loadText(text, `${TESTDATA}mutated.json`)).not.toThrow();
      }),
      { numRuns: 500, seed: 3 },
    );
  });

  it('formatDiagnostic writes file:line:col: path: message', () => {
    expect(
      formatDiagnostic({
        severity: 'error',
        file: 'models/x.yaml',
        line: 12,
        column: 15,
        path: 'Deployment "web": spec.replicas',
        message: 'expected an integer >= 0, got "three"',
      }),
    ).toBe('models/x.yaml:12:15: Deployment "web": spec.replicas: expected an integer >= 0, got "three"');
  });
});
