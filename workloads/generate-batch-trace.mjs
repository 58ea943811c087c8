// Generates batch-pods.csv, the pod arrival trace of models/batch/, deterministically (seeded):
//   node workloads/generate-batch-trace.mjs
// Shape (README.md here, "Pod arrival trace"): 3 hours of batch submissions, Poisson arrivals at
// 300 pods/h with a 30-minute burst at 1 200 pods/h from 01:00; sizes and run times as below.
import { writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import seedrandom from 'seedrandom';

const here = dirname(fileURLToPath(import.meta.url));
const rng = seedrandom('kubesim/batch-pods');

/** Arrival rate (pods per second) at time t (seconds): 300/h, and 1 200/h from 3 600 s to 5 400 s. */
const rate = (t) => (t >= 3600 && t < 5400 ? 1200 : 300) / 3600;
const SPAN = 3 * 3600;

/** CPU requests and how often each is asked for: most pods are small, a few take half a node. */
const SIZES = [
  { cpu: '250m', cores: 0.25, weight: 30 },
  { cpu: '500m', cores: 0.5, weight: 30 },
  { cpu: '1', cores: 1, weight: 25 },
  { cpu: '2', cores: 2, weight: 10 },
  { cpu: '4', cores: 4, weight: 5 },
];
const TOTAL = SIZES.reduce((n, s) => n + s.weight, 0);

function pickSize() {
  let x = rng() * TOTAL;
  for (const s of SIZES) {
    x -= s.weight;
    if (x < 0) return s;
  }
  return SIZES[SIZES.length - 1];
}

/** Lognormal run time with median 4 min and p99 40 min (σ = ln(10)/2.326), at least 10 s. */
function runSeconds() {
  const sigma = Math.log(10) / 2.3263478740408408;
  const z = Math.sqrt(-2 * Math.log(1 - rng())) * Math.cos(2 * Math.PI * rng());
  return Math.max(10, Math.round(240 * Math.exp(sigma * z)));
}

const rows = [];
// Thinning (Lewis–Shedler) of a 1 200/h Poisson process gives the piecewise rate exactly.
const peak = 1200 / 3600;
for (let t = -Math.log(1 - rng()) / peak; t < SPAN; t += -Math.log(1 - rng()) / peak) {
  if (rng() >= rate(t) / peak) continue;
  const size = pickSize();
  // 1.5 GiB per core, rounded to MiB, ±25 %.
  const memoryMi = Math.round(size.cores * 1536 * (0.75 + 0.5 * rng()));
  const u = rng();
  const priority = u < 0.1 ? 'batch-high' : u < 0.3 ? 'batch-low' : '';
  rows.push([t.toFixed(3), size.cpu, `${memoryMi}Mi`, runSeconds(), priority]);
}
writeFileSync(
  join(here, 'batch-pods.csv'),
  `time,cpu,memory,duration,priority\n${rows.map((r) => r.join(',')).join('\n')}\n`,
);
console.log(`batch-pods.csv: ${rows.length} pods`);
