import type { ClusterSnapshot, NodeView, PodView } from './snapshot.js';

/**
 * Draws a ClusterSnapshot as zones → nodes → pods. Zone and node elements are kept from one frame to
 * the next (keyed by name), so a click is never lost to a redraw; a node's pods are redrawn only when
 * they changed. Clicking a node selects it (and its zone) for the buttons.
 */
export class ClusterView {
  private readonly zones = new Map<string, { el: HTMLElement; nodes: HTMLElement }>();
  private readonly nodes = new Map<string, NodeElements>();
  private readonly unscheduled: HTMLElement;
  private selectedNode: string | undefined;

  constructor(
    private readonly root: HTMLElement,
    private readonly onSelect: (node: NodeView | undefined) => void,
  ) {
    this.unscheduled = document.createElement('div');
    this.unscheduled.id = 'unscheduled';
    this.unscheduled.className = 'zone';
  }

  get selected(): string | undefined {
    return this.selectedNode;
  }

  draw(snapshot: ClusterSnapshot): void {
    const seen = new Set<string>();
    for (const zone of snapshot.zones) {
      const z = this.zone(zone.name);
      z.el.classList.toggle('down', zone.nodes.length > 0 && zone.nodes.every((n) => !n.machineUp));
      for (const node of zone.nodes) {
        seen.add(node.name);
        this.drawNode(node, z.nodes);
      }
    }
    for (const [name, n] of this.nodes) {
      if (seen.has(name)) continue;
      n.el.remove(); // a node deleted from the API server
      this.nodes.delete(name);
      if (this.selectedNode === name) this.select(undefined);
    }
    const pending = snapshot.unscheduled;
    if (pending.length > 0) {
      this.unscheduled.replaceChildren(heading(`unscheduled (${pending.length})`), podList(pending));
      this.root.append(this.unscheduled);
    } else this.unscheduled.remove();
  }

  private zone(name: string): { el: HTMLElement; nodes: HTMLElement } {
    let z = this.zones.get(name);
    if (z === undefined) {
      const el = document.createElement('section');
      el.className = 'zone';
      el.dataset.zone = name;
      const nodes = document.createElement('div');
      el.append(heading(name || '(no zone)'), nodes);
      this.root.append(el);
      z = { el, nodes };
      this.zones.set(name, z);
    }
    return z;
  }

  private drawNode(node: NodeView, parent: HTMLElement): void {
    let n = this.nodes.get(node.name);
    if (n === undefined) {
      const created = nodeElements(node.name);
      created.el.addEventListener('click', () =>
        this.select(this.selectedNode === node.name ? undefined : created.view),
      );
      parent.append(created.el);
      this.nodes.set(node.name, created);
      n = created;
    }
    n.view = node;
    n.el.classList.toggle('machine-down', !node.machineUp);
    n.el.dataset.ready = node.ready;
    n.el.dataset.machine = node.machineUp ? 'up' : 'down';
    const status = `${node.machineUp ? '' : 'machine down · '}Ready=${node.ready}${node.unschedulable ? ' · cordoned' : ''}`;
    if (n.status.textContent !== status) n.status.textContent = status;
    const signature = node.pods.map((p) => `${p.key}:${p.state}:${p.containersRunning}`).join(',');
    if (signature !== n.signature) {
      n.signature = signature;
      const pods = podList(node.pods);
      n.pods.replaceWith(pods);
      n.pods = pods;
    }
  }

  private select(node: NodeView | undefined): void {
    if (this.selectedNode !== undefined) this.nodes.get(this.selectedNode)?.el.classList.remove('selected');
    this.selectedNode = node?.name;
    if (node !== undefined) this.nodes.get(node.name)?.el.classList.add('selected');
    this.onSelect(node);
  }
}

interface NodeElements {
  el: HTMLElement;
  status: HTMLElement;
  pods: HTMLElement;
  signature: string;
  view?: NodeView;
}

function nodeElements(name: string): NodeElements {
  const el = document.createElement('div');
  el.className = 'node';
  el.dataset.node = name;
  const title = document.createElement('div');
  title.className = 'name';
  const label = document.createElement('span');
  label.textContent = name;
  const status = document.createElement('span');
  status.className = 'status';
  title.append(label, status);
  const pods = document.createElement('div');
  el.append(title, pods);
  return { el, status, pods, signature: '' };
}

function podList(pods: readonly PodView[]): HTMLElement {
  const list = document.createElement('div');
  list.className = 'pods';
  for (const pod of pods) {
    const el = document.createElement('span');
    el.className = `pod ${pod.state}${pod.containersRunning ? '' : ' dead'}`;
    el.dataset.pod = pod.key;
    el.dataset.state = pod.state;
    const workload = pod.workload.slice(pod.workload.indexOf('/') + 1);
    el.textContent = workload.charAt(0).toUpperCase();
    el.title = `${pod.key}: ${pod.state}${pod.containersRunning ? '' : ', containers not running'}`;
    list.append(el);
  }
  return list;
}

function heading(text: string): HTMLElement {
  const h = document.createElement('h2');
  h.textContent = text;
  return h;
}
