/** One line of a chart: [x, y] points in x order; a null y breaks the line (nothing measured). */
export interface LineSeries {
  name: string;
  color: string;
  points: readonly (readonly [number, number | null])[];
}

export interface LineChart {
  /** The x range shown (seconds of simulated time); points outside are left out. */
  x: readonly [number, number];
  /** The y range shown. */
  y: readonly [number, number];
  yTicks: readonly number[];
  yFormat(v: number): string;
  series: readonly LineSeries[];
}

const SVG = 'http://www.w3.org/2000/svg';
const WIDTH = 400;
const HEIGHT = 170;
const PAD = { left: 44, right: 8, top: 8, bottom: 20 };

/**
 * Draws `chart` into `svg` (its content replaced): a frame, y ticks, x ticks in minutes and one
 * path per series. Each path carries data-series, data-points (the points shown, as JSON), data-min
 * and data-last (the smallest and the last value shown), which the browser tests read.
 */
export function drawLineChart(svg: SVGSVGElement, chart: LineChart): void {
  svg.setAttribute('viewBox', `0 0 ${WIDTH} ${HEIGHT}`);
  const [x0, x1] = chart.x;
  const [y0, y1] = chart.y;
  const sx = (x: number): number => PAD.left + ((x - x0) / (x1 - x0 || 1)) * (WIDTH - PAD.left - PAD.right);
  const sy = (y: number): number =>
    HEIGHT -
    PAD.bottom -
    ((Math.min(Math.max(y, y0), y1) - y0) / (y1 - y0 || 1)) * (HEIGHT - PAD.top - PAD.bottom);
  const parts: SVGElement[] = [];
  for (const v of chart.yTicks) {
    parts.push(el('line', { x1: PAD.left, x2: WIDTH - PAD.right, y1: sy(v), y2: sy(v), stroke: '#e4e7ec' }));
    parts.push(text(chart.yFormat(v), PAD.left - 4, sy(v) + 3, 'end'));
  }
  for (const t of minuteTicks(x0, x1)) {
    parts.push(text(`${Math.round(t / 60)}m`, sx(t), HEIGHT - 6, 'middle'));
  }
  for (const s of chart.series) {
    const shown = s.points.filter(([x]) => x >= x0 && x <= x1);
    let d = '';
    let pen = false;
    for (const [x, y] of shown) {
      if (y === null) {
        pen = false;
        continue;
      }
      d += `${pen ? 'L' : 'M'}${sx(x).toFixed(1)},${sy(y).toFixed(1)}`;
      pen = true;
    }
    const values = shown.map(([, y]) => y).filter((y): y is number => y !== null);
    const path = el('path', { d, fill: 'none', stroke: s.color, 'stroke-width': 1.8 });
    path.dataset.series = s.name;
    if (values.length > 0) {
      path.dataset.min = String(Math.min(...values));
      path.dataset.last = String(values[values.length - 1]);
    }
    path.dataset.points = JSON.stringify(shown);
    parts.push(path);
  }
  parts.push(
    el('rect', {
      x: PAD.left,
      y: PAD.top,
      width: WIDTH - PAD.left - PAD.right,
      height: HEIGHT - PAD.top - PAD.bottom,
      fill: 'none',
      stroke: '#d0d4da',
    }),
  );
  svg.replaceChildren(...parts);
}

/** Tick times (s) every 5, 10, 15 or 30 minutes, whichever gives at most seven in the range. */
function minuteTicks(x0: number, x1: number): number[] {
  const step = [300, 600, 900, 1800, 3600].find((s) => (x1 - x0) / s <= 7) ?? 7200;
  const ticks: number[] = [];
  for (let t = Math.ceil(x0 / step) * step; t <= x1; t += step) ticks.push(t);
  return ticks;
}

function el(name: string, attrs: Record<string, string | number>): SVGElement {
  const e = document.createElementNS(SVG, name);
  for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, String(v));
  return e;
}

function text(content: string, x: number, y: number, anchor: string): SVGElement {
  const t = el('text', { x, y, 'text-anchor': anchor });
  t.textContent = content;
  return t;
}
