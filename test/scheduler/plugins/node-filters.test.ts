// Upstream cases: kubernetes/kubernetes pkg/scheduler/framework/plugins/
//   nodename/node_name_test.go (TestNodeName),
//   nodeunschedulable/node_unschedulable_test.go (TestNodeUnschedulable),
//   nodeports/node_ports_test.go (TestNodePorts, TestFits; v1.3x–v1.36),
// case names kept. Not ported: TestPreFilterDisabled (an internal error path) and the QueueingHint tests.
import { describe, expect, it } from 'vitest';
import type { ContainerPort } from '../../../src/model/pod.js';
import { Code } from '../../../src/scheduler/framework/status.js';
import { ERR_REASON_NODE_NAME, NodeName } from '../../../src/scheduler/plugins/node-name.js';
import { ERR_REASON_NODE_PORTS, NodePorts } from '../../../src/scheduler/plugins/node-ports.js';
import {
  ERR_REASON_UNSCHEDULABLE,
  NodeUnschedulable,
} from '../../../src/scheduler/plugins/node-unschedulable.js';
import { container, makeNode, makePod } from '../fixtures.js';
import { runFilter } from './harness.js';

describe('NodeName (upstream TestNodeName)', () => {
  const cases: [string, string | undefined, string, string | null][] = [
    ['no host specified', undefined, '', null],
    ['host matches', 'foo', 'foo', null],
    ["host doesn't match", 'bar', 'foo', ERR_REASON_NODE_NAME],
  ];
  for (const [name, podNode, nodeName, want] of cases) {
    it(name, () => {
      // spec.nodeName set on a pending pod: the model keeps pod.nodeName unset until binding.
      const pod = makePod('p', [], { spec: { nodeName: podNode } });
      const s = runFilter(new NodeName(), pod, makeNode(nodeName));
      if (want === null) expect(s).toBeNull();
      else expect([s?.code, s?.reasons]).toEqual([Code.UnschedulableAndUnresolvable, [want]]);
    });
  }
});

describe('NodeUnschedulable (upstream TestNodeUnschedulable)', () => {
  it('Does not schedule pod to unschedulable node (node.Spec.Unschedulable==true)', () => {
    const s = runFilter(new NodeUnschedulable(), makePod('p'), makeNode('n', {}, { unschedulable: true }));
    expect([s?.code, s?.reasons]).toEqual([Code.UnschedulableAndUnresolvable, [ERR_REASON_UNSCHEDULABLE]]);
  });
  it('Schedule pod to normal node', () => {
    expect(runFilter(new NodeUnschedulable(), makePod('p'), makeNode('n'))).toBeNull();
  });
  it('Schedule pod with toleration to unschedulable node (node.Spec.Unschedulable==true)', () => {
    const pod = makePod('p', [], {
      spec: { tolerations: [{ key: 'node.kubernetes.io/unschedulable', effect: 'NoSchedule' }] },
    });
    expect(runFilter(new NodeUnschedulable(), pod, makeNode('n', {}, { unschedulable: true }))).toBeNull();
  });
});

/** newPod(host, "PROTO/IP/PORT"…): one container with those host ports. */
function portPod(nodeName: string | undefined, ...infos: string[]) {
  const ports: ContainerPort[] = infos.map((info) => {
    const [protocol, hostIP, port] = info.split('/') as [ContainerPort['protocol'], string, string];
    return { containerPort: Number(port), hostPort: Number(port), hostIP, protocol };
  });
  const pod = makePod('p', [], { nodeName });
  pod.spec.containers.push(container({}, { ports }));
  return pod;
}

describe('NodePorts (upstream TestNodePorts)', () => {
  const conflict = ERR_REASON_NODE_PORTS;
  const cases: [string, string[], string[], string | null][] = [
    ['other port', ['UDP/127.0.0.1/8080'], ['UDP/127.0.0.1/9090'], null],
    ['same udp port', ['UDP/127.0.0.1/8080'], ['UDP/127.0.0.1/8080'], conflict],
    ['same tcp port', ['TCP/127.0.0.1/8080'], ['TCP/127.0.0.1/8080'], conflict],
    ['different host ip', ['TCP/127.0.0.1/8080'], ['TCP/127.0.0.2/8080'], null],
    ['different protocol', ['UDP/127.0.0.1/8080'], ['TCP/127.0.0.1/8080'], null],
    [
      'second udp port conflict',
      ['UDP/127.0.0.1/8000', 'UDP/127.0.0.1/8080'],
      ['UDP/127.0.0.1/8080'],
      conflict,
    ],
    [
      'first tcp port conflict',
      ['TCP/127.0.0.1/8001', 'UDP/127.0.0.1/8080'],
      ['TCP/127.0.0.1/8001', 'UDP/127.0.0.1/8081'],
      conflict,
    ],
    ['first tcp port conflict due to 0.0.0.0 hostIP', ['TCP/0.0.0.0/8001'], ['TCP/127.0.0.1/8001'], conflict],
    [
      'TCP hostPort conflict due to 0.0.0.0 hostIP',
      ['TCP/10.0.10.10/8001', 'TCP/0.0.0.0/8001'],
      ['TCP/127.0.0.1/8001'],
      conflict,
    ],
    ['second tcp port conflict to 0.0.0.0 hostIP', ['TCP/127.0.0.1/8001'], ['TCP/0.0.0.0/8001'], conflict],
    ['second different protocol', ['UDP/127.0.0.1/8001'], ['TCP/0.0.0.0/8001'], null],
    [
      'UDP hostPort conflict due to 0.0.0.0 hostIP',
      ['UDP/127.0.0.1/8001'],
      ['TCP/0.0.0.0/8001', 'UDP/0.0.0.0/8001'],
      conflict,
    ],
  ];
  for (const [name, wanted, used, want] of cases) {
    it(name, () => {
      const s = runFilter(new NodePorts(), portPod(undefined, ...wanted), makeNode('m1'), [
        portPod('m1', ...used),
      ]);
      if (want === null) expect(s).toBeNull();
      else expect([s?.code, s?.reasons]).toEqual([Code.Unschedulable, [want]]);
    });
  }

  it('skip filter', () => {
    expect(runFilter(new NodePorts(), makePod('p'), makeNode('m1'))).toBeNull();
  });

  const initPort = (sidecar: boolean) => {
    const pod = makePod('p');
    pod.spec.initContainers.push(
      container(
        {},
        {
          ports: [{ containerPort: 8001, hostPort: 8001, protocol: 'TCP' }],
          ...(sidecar ? { restartPolicy: 'Always' as const } : {}),
        },
      ),
    );
    return pod;
  };
  it('non-sidecar initContainer using hostPort', () => {
    // PreFilter skips: an ordinary init container's host port is not held.
    expect(
      runFilter(new NodePorts(), initPort(false), makeNode('m1'), [portPod('m1', 'TCP/0.0.0.0/8001')]),
    ).toBeNull();
  });
  it('TCP hostPort conflict from sidecar initContainer', () => {
    const s = runFilter(new NodePorts(), initPort(true), makeNode('m1'), [portPod('m1', 'TCP/0.0.0.0/8001')]);
    expect(s?.reasons).toEqual([conflict]);
  });
});

describe('NodePorts Fits (upstream TestFits)', () => {
  const cases: [string, string[], string[], boolean][] = [
    ['non-conflicting ports', ['TCP/127.0.0.1/80'], ['TCP/127.0.0.1/9090'], true],
    [
      'multiple non-conflicting ports',
      ['TCP/127.0.0.1/80', 'TCP/127.0.1.1/80', 'TCP/127.0.1.1/90', 'TCP/127.0.1.1/100'],
      ['TCP/127.0.0.1/9090', 'TCP/127.0.0.1/9191', 'TCP/127.0.1.1/8080'],
      true,
    ],
    ['same ports on different protocols', ['TCP/127.0.0.1/80'], ['UDP/127.0.0.1/80'], true],
    ['conflicting ports', ['TCP/127.0.0.1/80'], ['TCP/127.0.0.1/80'], false],
    [
      'multiple ports, some conflicting',
      ['TCP/127.0.0.1/80', 'TCP/127.0.1.1/80', 'TCP/127.0.1.1/90', 'TCP/127.0.1.1/100'],
      ['TCP/127.0.0.1/9090', 'TCP/127.0.1.1/90', 'TCP/127.0.1.1/8080'],
      false,
    ],
  ];
  for (const [name, wanted, used, fits] of cases) {
    it(name, () => {
      const s = runFilter(new NodePorts(), portPod(undefined, ...wanted), makeNode('p'), [
        portPod('p', ...used),
      ]);
      expect(s === null).toBe(fits);
    });
  }
});
