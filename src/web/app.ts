import { formatDuration, MICROS_PER_MINUTE, MICROS_PER_SECOND, type Micros } from '../engine/time.js';
import { LOAD_BALANCING_POLICIES, type LoadBalancing } from '../model/traffic.js';
import { ClusterView } from './cluster-view.js';
import { drawLineChart, type LineSeries } from './line-chart.js';
import { Playground } from './playground.js';
import type { ClusterSnapshot, NodeView } from './snapshot.js';

/** Simulated time the charts show: the last hour. */
const CHART_WINDOW_S = 3600;
/** Of each ~16 ms frame, the simulation may take this much; beyond it, simulated time falls behind. */
const FRAME_BUDGET_MS = 12;
/** A frame after a long pause (a hidden tab) advances as if this much real time had passed, at most. */
const MAX_FRAME_MS = 250;

const COLORS = { requests: '#1f6feb', pods: '#2e9d4f', web: '#1f6feb', api: '#e36209' };

/**
 * The page: one Playground, drawn every animation frame after advancing it by the real time elapsed
 * times the speed (within the frame budget), and the controls that turn into faults and operations.
 */
export class PlaygroundApp {
  private playground: Playground;
  private view: ClusterView;
  private paused = false;
  private speed = 60;
  private selected: NodeView | undefined;
  private lastFrame: number | undefined;
  /** Simulated and real time of recent frames, for the speed actually reached. */
  private readonly pace: { sim: Micros; real: number }[] = [];
  private previous: ClusterSnapshot | undefined;

  constructor(yaml: string, file: string) {
    this.playground = new Playground({ yaml, file });
    this.view = this.newView();
    this.setUpControls();
    this.syncControls();
    this.log('started: every replica is created through the API server and scheduled');
    requestAnimationFrame((t) => this.frame(t));
  }

  private frame(time: number): void {
    const elapsed = Math.min(time - (this.lastFrame ?? time), MAX_FRAME_MS);
    this.lastFrame = time;
    const p = this.playground;
    if (!this.paused && !p.finished) {
      const deadline = performance.now() + FRAME_BUDGET_MS;
      const before = p.now;
      p.advance(p.now + elapsed * this.speed * 1000, () => performance.now() < deadline);
      this.pace.push({ sim: p.now - before, real: elapsed });
      if (this.pace.length > 60) this.pace.shift();
    }
    this.render();
    requestAnimationFrame((t) => this.frame(t));
  }

  private render(): void {
    const p = this.playground;
    const snapshot = p.snapshot();
    this.view.draw(snapshot);
    this.noteChanges(snapshot);
    text('clock', formatDuration(Math.floor(p.now / MICROS_PER_SECOND) * MICROS_PER_SECOND));
    byId('clock').dataset.seconds = String(Math.floor(p.now / MICROS_PER_SECOND));
    const sim = this.pace.reduce((s, f) => s + f.sim, 0);
    const real = this.pace.reduce((s, f) => s + f.real, 0);
    text(
      'actual-speed',
      p.finished
        ? 'the run reached its horizon: Restart'
        : this.paused
          ? 'paused'
          : real > 0
            ? `×${Math.round(sim / 1000 / real)} reached`
            : '',
    );
    this.drawMembers(snapshot);
    this.drawCharts();
  }

  private drawCharts(): void {
    const p = this.playground;
    const nowS = p.now / MICROS_PER_SECOND;
    const x: [number, number] = [Math.max(0, nowS - CHART_WINDOW_S), Math.max(nowS, 600)];
    const service = p.workload.service;
    const requests: LineSeries = {
      name: 'requests',
      color: COLORS.requests,
      points: p.minutes(service).map((m) => {
        const ended = m.served + m.failed;
        return [m.t + 60, ended === 0 ? null : m.served / ended] as const;
      }),
    };
    const pods: LineSeries = {
      name: 'pods',
      color: COLORS.pods,
      points: p.podAvailability.map((a) => [a.t, a.available] as const),
    };
    const shown = [...requests.points, ...pods.points].filter(([t, v]) => t >= x[0] && v !== null);
    const lowest = Math.min(1, ...shown.map(([, v]) => v as number));
    const floor = lowest >= 0.9 ? 0.9 : Math.floor(lowest * 10) / 10;
    const ticks = [floor, (floor + 1) / 2, 1];
    drawLineChart(svg('availability-chart'), {
      x,
      y: [floor, 1],
      yTicks: ticks,
      yFormat: (v) => `${(v * 100).toFixed(v === 1 ? 0 : 1)}%`,
      series: [pods, requests], // requests on top: the two overlap at 100 %
    });
    legend('availability-legend', [
      [COLORS.requests, `requests to ${p.workload.service} served (per minute)`],
      [COLORS.pods, 'pods available of desired'],
    ]);
    const latency = (['web', 'api'] as const).map(
      (name): LineSeries => ({
        name,
        color: COLORS[name],
        points: p.minutes(`default/${name}`).map((m) => [m.t + 60, m.p99] as const),
      }),
    );
    const highest = Math.max(
      100,
      ...latency.flatMap((s) => s.points.filter(([t]) => t >= x[0]).map(([, v]) => v ?? 0)),
    );
    const top = niceCeiling(highest);
    drawLineChart(svg('latency-chart'), {
      x,
      y: [0, top],
      yTicks: [0, top / 2, top],
      yFormat: (v) => `${v} ms`,
      series: latency,
    });
    legend('latency-legend', [
      [COLORS.web, 'web p99'],
      [COLORS.api, 'api p99'],
    ]);
  }

  private drawMembers(snapshot: ClusterSnapshot): void {
    const cp = snapshot.controlPlane;
    const members = cp.members
      .map(
        (m) =>
          `<span class="member${m.up ? '' : ' down'}">etcd ${escapeHtml(m.name)}${m.zone ? ` (${escapeHtml(m.zone)})` : ''}</span>`,
      )
      .join('');
    const html = `${members}<div>${cp.quorum ? 'quorum: writes accepted' : '<b>no quorum</b>: the API server refuses writes; nothing is scheduled or evicted'}</div>`;
    const el = byId('members');
    if (el.innerHTML !== html) el.innerHTML = html;
  }

  /** Logs what Kubernetes did since the last frame: nodes' Ready condition, quorum, replicas available. */
  private noteChanges(now: ClusterSnapshot): void {
    const before = this.previous;
    this.previous = now;
    if (before === undefined) return;
    const ready = new Map(before.zones.flatMap((z) => z.nodes).map((n) => [n.name, n.ready]));
    for (const n of now.zones.flatMap((z) => z.nodes)) {
      const was = ready.get(n.name);
      if (was !== undefined && was !== n.ready) this.log(`node ${n.name}: Ready=${was} → ${n.ready}`);
    }
    if (before.controlPlane.quorum !== now.controlPlane.quorum)
      this.log(now.controlPlane.quorum ? 'etcd quorum back: writes accepted' : 'etcd quorum lost');
    for (const w of now.workloads) {
      const was = before.workloads.find((b) => b.key === w.key);
      if (was && was.available !== w.available && (w.available === w.replicas || w.available === 0))
        this.log(`${w.key}: ${w.available} of ${w.replicas} available`);
    }
  }

  private setUpControls(): void {
    const speed = input('speed');
    speed.addEventListener('input', () => this.syncControls());
    byId('pause').addEventListener('click', () => {
      this.paused = !this.paused;
      this.syncControls();
    });
    const rate = input('rate');
    rate.addEventListener('input', () => {
      this.playground.setRate(Number(rate.value));
      this.syncControls();
    });
    for (const name of ['web', 'api']) {
      const slider = input(`replicas-${name}`);
      slider.addEventListener('input', () => text(`replicas-${name}-out`, slider.value));
      slider.addEventListener('change', () => {
        this.playground.scale(`default/${name}`, Number(slider.value));
        this.log(`kubectl scale deployment/${name} --replicas=${slider.value}`);
      });
    }
    const policy = byId('policy') as HTMLSelectElement;
    for (const p of LOAD_BALANCING_POLICIES) policy.add(new Option(p, p));
    policy.addEventListener('change', () => this.restart(policy.value as LoadBalancing));
    byId('kill-node').addEventListener('click', () => {
      const node = this.selected;
      if (node === undefined) return;
      this.playground.killNode(node.name, this.downFor());
      this.log(`fault: node ${node.name} crashes${this.forText()}`);
    });
    byId('drain-node').addEventListener('click', () => {
      if (this.selected === undefined) return;
      this.playground.drainNode(this.selected.name);
      this.log(`kubectl drain ${this.selected.name}`);
    });
    byId('uncordon-node').addEventListener('click', () => {
      if (this.selected === undefined) return;
      this.playground.uncordonNode(this.selected.name);
      this.log(`kubectl uncordon ${this.selected.name}`);
    });
    byId('kill-zone').addEventListener('click', () => {
      if (this.selected === undefined) return;
      this.playground.killZone(this.selected.zone, this.downFor());
      this.log(`fault: zone ${this.selected.zone} goes down${this.forText()}`);
    });
    byId('kill-control-plane').addEventListener('click', () => {
      this.playground.killControlPlane(this.downFor());
      this.log(`fault: a majority of etcd members is lost${this.forText()}`);
    });
    byId('restart').addEventListener('click', () => this.restart(this.playground.loadBalancing));
  }

  /** Shows the controls' values: sliders from the run, buttons for the selection. */
  private syncControls(): void {
    this.speed = Math.round(10 ** Number(input('speed').value));
    text('speed-out', `×${this.speed}`);
    text('pause', this.paused ? 'Resume' : 'Pause');
    const p = this.playground;
    input('rate').value = String(p.workload.rate);
    text('rate-out', `${p.workload.rate}/s`);
    for (const w of p.snapshot().workloads) {
      const name = w.key.slice(w.key.indexOf('/') + 1);
      const slider = document.getElementById(`replicas-${name}`) as HTMLInputElement | null;
      if (slider === null || document.activeElement === slider) continue;
      slider.value = String(w.replicas);
      text(`replicas-${name}-out`, String(w.replicas));
    }
    (byId('policy') as HTMLSelectElement).value = p.loadBalancing;
    const node = this.selected;
    for (const [id, label] of [
      ['kill-node', `Kill node ${node?.name ?? ''}`],
      ['drain-node', `Drain ${node?.name ?? 'node'}`],
      ['uncordon-node', 'Uncordon'],
      ['kill-zone', `Kill zone ${node?.zone ?? ''}`],
    ] as const) {
      const button = byId(id) as HTMLButtonElement;
      button.disabled = node === undefined;
      button.textContent = label.trim();
    }
  }

  /** A fresh run with `policy` (a Service's balancer is built with its run). */
  private restart(policy: LoadBalancing): void {
    this.playground = this.playground.withPolicy(policy);
    this.previous = undefined;
    this.pace.length = 0;
    this.selected = undefined;
    this.view = this.newView();
    byId('log').replaceChildren();
    this.log(`restarted with load balancing ${policy}`);
    this.syncControls();
  }

  private newView(): ClusterView {
    const root = byId('cluster');
    root.replaceChildren();
    return new ClusterView(root, (node) => {
      this.selected = node;
      this.syncControls();
    });
  }

  private downFor(): Micros | undefined {
    const v = (byId('down-for') as HTMLSelectElement).value;
    return v === '' ? undefined : Number(v) * MICROS_PER_SECOND;
  }

  private forText(): string {
    const d = this.downFor();
    return d === undefined ? ' for good' : ` for ${Math.round(d / MICROS_PER_MINUTE)} min`;
  }

  private log(message: string): void {
    const item = document.createElement('li');
    const t = formatDuration(Math.floor(this.playground.now / MICROS_PER_SECOND) * MICROS_PER_SECOND);
    item.textContent = `${t}  ${message}`;
    const list = byId('log');
    list.prepend(item);
    while (list.childElementCount > 200) list.lastElementChild?.remove();
  }
}

/** 100, 200, 500, 1000, … : the smallest at or above `v`. */
function niceCeiling(v: number): number {
  const magnitude = 10 ** Math.floor(Math.log10(v));
  const step = [1, 2, 5, 10].find((s) => s * magnitude >= v) ?? 10;
  return step * magnitude;
}

function byId(id: string): HTMLElement {
  const el = document.getElementById(id);
  if (el === null) throw new Error(`invariant: the page has no #${id}`);
  return el;
}

function input(id: string): HTMLInputElement {
  return byId(id) as HTMLInputElement;
}

function svg(id: string): SVGSVGElement {
  return byId(id) as unknown as SVGSVGElement;
}

function text(id: string, content: string): void {
  const el = byId(id);
  if (el.textContent !== content) el.textContent = content;
}

function legend(id: string, entries: readonly (readonly [string, string])[]): void {
  const el = byId(id);
  if (el.childElementCount > 0) return;
  for (const [color, label] of entries) {
    const span = document.createElement('span');
    const swatch = document.createElement('i');
    swatch.style.background = color;
    span.append(swatch, label);
    el.append(span);
  }
}

function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
