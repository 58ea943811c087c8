import { readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { formatDiagnostic, loadFiles } from '../../src/manifests/index.js';

// Fixture pairs in the style of Prometheus' model/rulefmt/testdata: each *.bad.yaml with every
// diagnostic it must produce (exact text and position), each *.good.yaml with none.

const TESTDATA = fileURLToPath(new URL('./testdata/', import.meta.url));

async function diagnosticsOf(name: string): Promise<{ ok: boolean; lines: string[] }> {
  const r = await loadFiles([`${TESTDATA}${name}`]);
  return {
    ok: r.ok,
    lines: r.diagnostics.map(
      (d) => `${d.severity === 'warning' ? 'warning: ' : ''}${formatDiagnostic(d).replace(TESTDATA, '')}`,
    ),
  };
}

const BAD: { file: string; ok?: boolean; want: string[] }[] = [
  {
    file: 'malformed.bad.yaml',
    want: [
      'malformed.bad.yaml:6:1: invalid YAML: Flow map in block collection must be sufficiently indented and end with a }',
    ],
  },
  {
    file: 'replicas-string.bad.yaml',
    want: [
      'replicas-string.bad.yaml:6:13: Deployment "web": spec.replicas: expected an integer >= 0, got "three"',
    ],
  },
  {
    file: 'quantity-negative.bad.yaml',
    want: [
      'quantity-negative.bad.yaml:10:16: Pod "hungry": spec.containers[0].resources.requests.cpu: expected a quantity >= 0 for "cpu", got "-500m"',
    ],
  },
  {
    file: 'quantity-unparseable.bad.yaml',
    want: [
      'quantity-unparseable.bad.yaml:16:20: Deployment "web": spec.template.spec.containers[0].resources.requests.cpu: expected a cpu quantity such as "500m", "2" or "1.5", got "1.5 cores"',
      'quantity-unparseable.bad.yaml:17:23: Deployment "web": spec.template.spec.containers[0].resources.requests.memory: expected a quantity such as "512Mi", "2Gi" or "1000" for "memory", got "2GB"',
    ],
  },
  {
    file: 'duration.bad.yaml',
    want: [
      'duration.bad.yaml:5:13: Scenario "bad-duration": spec.duration: expected a duration > 0 such as "90s", "1h30m" or "250ms", got 90',
      'duration.bad.yaml:6:11: Scenario "bad-duration": spec.warmup: expected a duration such as "90s", "1h30m" or "250ms", got "10 minutes"',
    ],
  },
  {
    file: 'service-selects-nothing.bad.yaml',
    ok: true,
    want: [
      'warning: service-selects-nothing.bad.yaml:15:13: Service "wbe": spec.selector: Service "wbe" selects no Deployment, StatefulSet or Pod template: it will have no endpoints',
    ],
  },
  {
    file: 'include-missing.bad.yaml',
    want: [
      'include-missing.bad.yaml:8:7: Scenario "with-include": spec.include[1]: Cannot include "does-not-exist.yaml": no such file or directory (paths are relative to the Scenario\'s file)',
    ],
  },
  {
    file: 'empty.bad.yaml',
    want: ['empty.bad.yaml:1:1: no Kubernetes objects found (the file is empty or holds only comments)'],
  },
  {
    file: 'alias-bomb.bad.yaml',
    want: [
      'alias-bomb.bad.yaml:1:1: invalid YAML: more than 1000 alias expansions (a YAML "billion laughs" document?), refused',
    ],
  },
  {
    file: 'unknown-kind.bad.yaml',
    ok: true,
    want: [
      'warning: unknown-kind.bad.yaml:2:1: ServiceMonitor "web": unknown kind ServiceMonitor (apiVersion monitoring.coreos.com/v1), skipped',
      'warning: unknown-kind.bad.yaml:8:1: VerticalPodAutoscaler "web": kind VerticalPodAutoscaler is not simulated yet, skipped',
    ],
  },
  {
    file: 'unknown-field.bad.yaml',
    ok: true,
    want: [
      'warning: unknown-field.bad.yaml:5:3: Deployment "web": metadata.lables: unknown field "lables", ignored (kubectl\'s strict field validation would reject it)',
      'warning: unknown-field.bad.yaml:7:3: Deployment "web": spec.replica: unknown field "replica", ignored (kubectl\'s strict field validation would reject it)',
      'warning: unknown-field.bad.yaml:17:13: Deployment "web": spec.template.spec.containers[0].resources.request: unknown field "request", ignored (kubectl\'s strict field validation would reject it)',
    ],
  },
  {
    file: 'multiple-errors.bad.yaml',
    want: [
      'multiple-errors.bad.yaml:7:10: Node "node-1": status.capacity.cpu: expected a cpu quantity such as "500m", "2" or "1.5", got "four"',
      'multiple-errors.bad.yaml:15:13: Deployment "api": spec.replicas: expected an integer >= 0, got -2',
      'multiple-errors.bad.yaml:22:38: Deployment "api": spec.template.spec.terminationGracePeriodSeconds: expected an integer >= 0, got 1.5',
      'multiple-errors.bad.yaml:26:31: Deployment "api": spec.template.spec.containers[0].resources.limits.memory: expected a quantity such as "512Mi", "2Gi" or "1000" for "memory", got "lots"',
      'multiple-errors.bad.yaml:27:11: Deployment "api": spec.template.spec.containers[1].name: required field is missing (expected a non-empty string)',
      'multiple-errors.bad.yaml:29:1: kind is required (every document needs apiVersion and kind)',
      'multiple-errors.bad.yaml:32:13: Deployment "legacy": apiVersion: Cannot load Deployment: apiVersion "apps/v1beta1" is not supported: expected "apps/v1"',
    ],
  },
  {
    file: 'selector-mismatch.bad.yaml',
    want: [
      'selector-mismatch.bad.yaml:6:5: Deployment "web": spec.selector: selector does not match template labels (the API server rejects this: spec.selector must select spec.template.metadata.labels)',
    ],
  },
  {
    file: 'priority-class-missing.bad.yaml',
    want: [
      'priority-class-missing.bad.yaml:14:26: Deployment "batch": spec.template.spec.priorityClassName: no PriorityClass with name "hihg" was found (Priority admission rejects the pod)',
    ],
  },
  {
    file: 'pdb.bad.yaml',
    want: [
      'pdb.bad.yaml:6:19: PodDisruptionBudget "zk-pdb": spec.maxUnavailable: minAvailable and maxUnavailable cannot be both set',
      'pdb.bad.yaml:14:17: PodDisruptionBudget "half": spec.minAvailable: expected an integer >= 0 or a percentage such as "25%", got "50 percent"',
    ],
  },
  {
    file: 'scenario-fields.bad.yaml',
    want: [
      'scenario-fields.bad.yaml:6:22: Scenario "typos": spec.kubernetesVersion: expected a quoted version string such as "1.32" (YAML reads 1.4 as a number), got 1.4',
      'scenario-fields.bad.yaml:7:3: Scenario "typos": spec.replicaton: unknown field "replicaton"',
      'scenario-fields.bad.yaml:14:16: Scenario "typos": spec.cluster.nodePools[0].count: expected min <= count <= max, got min 3, count 2, max -',
      'scenario-fields.bad.yaml:16:25: Scenario "typos": spec.cluster.nodePools[0].zones[1]: zone "zone-z" is not one of cluster.zones ("zone-a", "zone-b")',
      'scenario-fields.bad.yaml:17:23: Scenario "typos": spec.cluster.nodePools[0].pricePerHour: expected a number >= 0, got -1',
      'scenario-fields.bad.yaml:18:40: Scenario "typos": spec.cluster.nodePools[0].provisioningTime.lognormal: expected 0 < median <= p99, got median 5m, p99 90s',
      'warning: scenario-fields.bad.yaml:20:5: Scenario "typos": spec.services.frontend: no Deployment, StatefulSet or Service named "frontend": this behaviour applies to nothing',
      'scenario-fields.bad.yaml:21:20: Scenario "typos": spec.services.frontend.startupTime: expected a distribution: a mapping with one of constant, exponential, uniform, lognormal, pareto, empirical, such as {constant: 5s} or {lognormal: {median: 20ms, p99: 200ms}}, got a mapping with "gaussian"',
      'scenario-fields.bad.yaml:23:50: Scenario "typos": spec.faults[0].target.pool: no node pool named "genral"',
      'scenario-fields.bad.yaml:25:23: Scenario "typos": spec.faults[2].kind: expected a fault kind: one of nodeCrash, nodeReboot, kubeletStop, podCrash, crashLoop, probeFailure, zoneOutage, networkPartition, slowNode, controlPlaneMemberLoss, nodeFailures, zoneFailures, clusterLost, regionLost, etcdDataLost, namespaceDeleted, volumeCorrupted, got "meteorStrike"',
    ],
  },
  {
    file: 'not-simulated.bad.yaml',
    ok: true,
    want: [
      'warning: not-simulated.bad.yaml:6:3: Scenario "ambitious": spec.replications: field "spec.replications" is not simulated yet, ignored',
    ],
  },
  {
    file: 'api-names.bad.yaml',
    want: [
      "api-names.bad.yaml:5:9: Deployment \"team.a/Web_1\": metadata.name: Invalid value: \"Web_1\": a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')",
      'api-names.bad.yaml:6:14: Deployment "team.a/Web_1": metadata.namespace: Invalid value: "team.a": must not contain dots',
      "api-names.bad.yaml:8:17: Deployment \"team.a/Web_1\": metadata.labels[\"app/tier/x\"]: Invalid value: \"app/tier/x\": a qualified name must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]') with an optional DNS subdomain prefix and '/' (e.g. 'example.com/MyName')",
      "api-names.bad.yaml:9:26: Deployment \"team.a/Web_1\": metadata.labels[\"example.com/version\"]: Invalid value: \"1.0 beta\": a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')",
      "api-names.bad.yaml:15:31: Deployment \"team.a/Web_1\": spec.template.spec.nodeSelector[\"-bad\"]: Invalid value: \"-bad\": name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')",
      "api-names.bad.yaml:20:19: Service \"9lives\": metadata.name: Invalid value: \"9lives\": a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an alphabetic character, and end with an alphanumeric character (e.g. 'my-name',  or 'abc-123', regex used for validation is '[a-z]([-a-z0-9]*[a-z0-9])?')",
      'api-names.bad.yaml:29:8: Pod "long": metadata.labels.v: Invalid value: "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa": must be no more than 63 characters',
    ],
  },
  {
    file: 'api-selectors.bad.yaml',
    want: [
      "api-selectors.bad.yaml:9:9: Deployment \"web\": spec.selector.matchExpressions[0].values: Required value: must be specified when `operator` is 'In' or 'NotIn'",
      "api-selectors.bad.yaml:10:48: Deployment \"web\": spec.selector.matchExpressions[1].values: Forbidden: may not be specified when `operator` is 'Exists' or 'DoesNotExist'",
      "api-selectors.bad.yaml:19:57: Deployment \"web\": spec.template.spec.affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms[0].matchExpressions[0].values: Required value: must be specified single value when `operator` is 'Lt' or 'Gt'",
      'api-selectors.bad.yaml:21:33: Deployment "web": spec.template.spec.tolerations[0].operator: Unsupported value: "Equals": supported values: "Equal", "Exists"',
      'api-selectors.bad.yaml:22:23: Deployment "web": spec.template.spec.tolerations[1].operator: Invalid value: "Equal": operator must be Exists when `key` is empty, which means "match all values and all keys"',
      'api-selectors.bad.yaml:23:46: Deployment "web": spec.template.spec.tolerations[2].value: Invalid value: "yes": value must be empty when `operator` is \'Exists\'',
      'api-selectors.bad.yaml:24:47: Deployment "web": spec.template.spec.tolerations[3].effect: Invalid value: "NoSchedule": effect must be \'NoExecute\' when `tolerationSeconds` is set',
    ],
  },
  {
    file: 'likely-mistakes.bad.yaml',
    ok: true,
    want: [
      'warning: likely-mistakes.bad.yaml:11:27: Scenario "slips": spec.cluster.nodePools[1].cpu: cpu "500M" is 500 million cores: did you mean "500m" (millicores)?',
      'warning: likely-mistakes.bad.yaml:11:41: Scenario "slips": spec.cluster.nodePools[1].memory: memory "512m" is thousandths of a byte ("m" is milli): did you mean "512Mi"?',
      'warning: likely-mistakes.bad.yaml:16:81: Scenario "slips": spec.faults[0].target.count: the fault asks for 2 nodes but pool general in zone zone-b has 1 at start: only 1 will crash',
      'warning: likely-mistakes.bad.yaml:19:1: Namespace "production": kind Namespace is not simulated yet, skipped',
      'warning: likely-mistakes.bad.yaml:24:35: Deployment "prodution/web": metadata.namespace: namespace "prodution" is declared by no Namespace object, while "production" exists: a typo?',
      'warning: likely-mistakes.bad.yaml:30:22: Deployment "prodution/web": spec.template.spec.schedulerName: no scheduler profile has schedulerName "my-scheduler" (served: "default-scheduler"): the pod stays Pending',
      'warning: likely-mistakes.bad.yaml:32:9: Deployment "prodution/web": spec.template.spec.containers: the pod requests cpu 8 but the largest node offers 4: it will stay Pending',
      'warning: likely-mistakes.bad.yaml:40:13: Service "production/web": spec.selector: Service "web" selects no Deployment, StatefulSet or Pod template: it will have no endpoints',
      'warning: _negative-samples.csv:3:1: samples file "_negative-samples.csv" line 3: the sample -3 is negative, skipped (a duration cannot be)',
    ],
  },
  {
    file: 'no-nodes.bad.yaml',
    ok: true,
    want: [
      'warning: no-nodes.bad.yaml:6:3: Scenario "empty-cluster": spec.cluster: the cluster has no nodes at start (no Node objects, no pool with count > 0): every pod stays Pending',
    ],
  },
];

describe('testdata/*.bad.yaml', () => {
  it('every bad fixture has an entry in the table', () => {
    const files = readdirSync(TESTDATA).filter((f) => f.includes('.bad.'));
    expect(files.sort()).toEqual(BAD.map((b) => b.file).sort());
  });

  for (const { file, ok = false, want } of BAD) {
    it(`${file} reports exactly the expected diagnostics`, async () => {
      const got = await diagnosticsOf(file);
      expect(got.lines).toEqual(want);
      expect(got.ok).toBe(ok);
    });
  }
});

describe('testdata/*.good.*', () => {
  const goods = readdirSync(TESTDATA).filter((f) => f.includes('.good.'));
  it('there are good fixtures', () => expect(goods.length).toBeGreaterThan(4));
  for (const file of goods) {
    it(`${file} loads without any diagnostic`, async () => {
      const got = await diagnosticsOf(file);
      expect(got.lines).toEqual([]);
      expect(got.ok).toBe(true);
    });
  }
});
