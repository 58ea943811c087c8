// Generates the traces in this folder, deterministically (seeded), so anyone can rebuild them:
//   node workloads/generate-traces.mjs
// See README.md here for each trace's shape.
import { writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import seedrandom from 'seedrandom';

const here = dirname(fileURLToPath(import.meta.url));

/** A Poisson draw (Knuth for small means, a rounded normal above 500). */
function poisson(rng, mean) {
  if (mean > 500) {
    const u1 = 1 - rng();
    const u2 = rng();
    const z = Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
    return Math.max(0, Math.round(mean + Math.sqrt(mean) * z));
  }
  const limit = Math.exp(-mean);
  let k = 0;
  let p = rng();
  while (p > limit) {
    k++;
    p *= rng();
  }
  return k;
}

function write(name, header, rows) {
  writeFileSync(join(here, name), `${header}\n${rows.map((r) => r.join(',')).join('\n')}\n`);
}

/** A day's shape: night low at 04:00, a morning rise, a lunch bump and an evening peak at 20:00. */
function dayShape(hour) {
  const evening = Math.exp(-(((hour - 20) / 2.5) ** 2));
  const lunch = 0.5 * Math.exp(-(((hour - 12.5) / 1.5) ** 2));
  const base = 0.25 + (0.35 * (1 - Math.cos((2 * Math.PI * (hour - 4)) / 24))) / 2;
  return base + lunch + evening;
}

// 1. black-friday.csv: one day, counts per minute, timestamps. Ordinary day shape around 200/s at
// the evening peak, times 3 from 06:00 when the sale opens, and a spike at 09:00 (doors open)
// that rises in 2 minutes to 8 times the normal rate and decays over 30 minutes.
{
  const rng = seedrandom('kubesim/workloads/black-friday');
  const rows = [];
  for (let minute = 0; minute < 24 * 60; minute++) {
    const hour = minute / 60;
    let rate = 200 * dayShape(hour) * (hour >= 6 ? 3 : 1);
    const sinceDoors = minute - 9 * 60;
    if (sinceDoors >= 0)
      rate *= 1 + 7 * Math.min(1, sinceDoors / 2) * Math.exp(-Math.max(0, sinceDoors - 2) / 30);
    const t = new Date(Date.UTC(2025, 10, 28, 0, minute)).toISOString().replace('.000Z', 'Z');
    rows.push([t, poisson(rng, rate * 60)]);
  }
  write('black-friday.csv', 'time,requests', rows);
}

// 2. diurnal-week.csv: seven days, one rate per 10 minutes (requests per second), seconds from the
// start (a Monday 00:00). Weekdays follow the day shape at a peak of about 500/s; Saturday and
// Sunday are 40 % lower and peak later; ±5 % multiplicative noise per point.
{
  const rng = seedrandom('kubesim/workloads/diurnal-week');
  const rows = [];
  for (let step = 0; step < 7 * 24 * 6; step++) {
    const t = step * 600;
    const day = Math.floor(t / 86_400);
    const hour = (t % 86_400) / 3600;
    const weekend = day >= 5;
    const shape = weekend ? 0.6 * dayShape(hour - 1.5) : dayShape(hour);
    const noise = 1 + 0.05 * (2 * rng() - 1);
    rows.push([t, (250 * shape * noise).toFixed(2)]);
  }
  write('diurnal-week.csv', 'time,rps', rows);
}

// 3. flash-sale.csv: 30 minutes, one rate per second, seconds from the start. 100/s, then at 600 s
// a push notification: the rate jumps to 1500/s within 5 s, holds about 3 minutes with bursts,
// and decays exponentially (time constant 120 s) back to 100/s.
{
  const rng = seedrandom('kubesim/workloads/flash-sale');
  const rows = [];
  for (let t = 0; t < 1800; t++) {
    let rate = 100;
    if (t >= 600) {
      const since = t - 600;
      const surge = since < 5 ? since / 5 : since < 185 ? 1 : Math.exp(-(since - 185) / 120);
      rate += 1400 * surge * (since < 185 ? 1 + 0.15 * Math.sin(since / 7) : 1);
    }
    rows.push([t, poisson(rng, rate)]);
  }
  write('flash-sale.csv', 'time,rps', rows);
}
