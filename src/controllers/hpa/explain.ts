import type { HpaDesiredReplicasInput, HpaNormalizeReplicasInput } from './input.js';
import { type NormalizeTrace, traceNormalizeReplicas } from './normalize-replicas.js';
import type { PolicyProposal } from './rate-limits.js';
import { type DesiredReplicasTrace, traceDesiredReplicas } from './replica-calculator.js';
import type { UtilizationRatio } from './utilization.js';

/** A ratio as printed: up to four decimals, no trailing zeros. */
const fmt = (x: number): string => String(Number(x.toFixed(4)));
const plural = (n: number, one: string, many = `${one}s`): string => `${n} ${n === 1 ? one : many}`;

/** The replica calculation of hpaDesiredReplicas, step by step, as lines of text. */
export function explainDesiredReplicas(input: HpaDesiredReplicasInput): string {
  return renderDesired(traceDesiredReplicas(input));
}

/** The normalisation of hpaNormalizeReplicas, step by step, as lines of text. */
export function explainNormalizeReplicas(input: HpaNormalizeReplicasInput): string {
  return renderNormalize(traceNormalizeReplicas(input));
}

function ratioLine(label: string, r: UtilizationRatio, target: number): string {
  return (
    `${label}: utilization = trunc(${r.usageTotal}m × 100 / ${r.requestTotal}m) = ${r.utilization}%; ` +
    `usage ratio = ${r.utilization} / ${target} = ${fmt(r.ratio)}`
  );
}

function renderDesired(t: DesiredReplicasTrace): string {
  const { input, tolerances, timings } = t;
  const band = `[${fmt(1 - tolerances.scaleDown)}, ${fmt(1 + tolerances.scaleUp)}]`;
  const out = [
    `Desired replicas for cpu at a target of ${input.targetUtilization}% of requests, from ${input.currentReplicas} current replicas`,
    `(tolerance band ${band}; cpu initialization period ${timings.cpuInitializationPeriodSeconds}s, ` +
      `initial readiness delay ${timings.initialReadinessDelaySeconds}s, metric window ${timings.metricWindowSeconds}s)`,
    '',
    '1. Pods',
  ];
  const nameWidth = Math.max(4, ...t.pods.map((g) => g.pod.name.length));
  for (const g of t.pods) {
    const p = g.pod;
    const usage = p.usageMilliCpu === undefined ? 'no sample' : `uses ${p.usageMilliCpu}m`;
    const state = `${p.phase}${p.ready ? ', Ready' : ', not Ready'}${p.deleting ? ', terminating' : ''}`;
    out.push(
      `   ${p.name.padEnd(nameWidth)}  ${state}; requests ${p.requestMilliCpu}m, ${usage} → ${g.group}: ${g.why}`,
    );
  }
  if (t.pods.length === 0) out.push('   (none)');
  const count = (group: string) => t.pods.filter((g) => g.group === group).length;
  out.push(
    `   ${count('ready')} ready, ${count('unready')} unready, ${count('missing')} without a sample, ${count('ignored')} ignored`,
  );
  if (t.first) out.push('', ratioLine(`2. Ready pods' samples`, t.first, input.targetUtilization));
  const r = t.result;
  switch (t.decision) {
    case 'no-metrics':
    case 'no-ready-metrics':
    case 'zero-requests':
      out.push(
        '',
        `No proposal: ${r.error}. The HPA keeps ${r.replicas} replicas (condition ScalingActive False).`,
      );
      return out.join('\n');
    case 'within-tolerance':
      out.push(`3. ${fmt(t.first?.ratio ?? 0)} is within the tolerance band ${band}: keep the current count`);
      break;
    case 'simple':
      out.push(
        `3. No pod lacks a sample and no unready pod weighs on a scale-up: ` +
          `ceil(${fmt(t.first?.ratio ?? 0)} × ${count('ready')}) = ${r.replicas}`,
      );
      break;
    default: {
      const c = t.correction;
      if (!c) break;
      const filled: string[] = [];
      if (count('missing') > 0)
        filled.push(
          {
            'request-or-target': `pods without a sample as using ${Math.max(100, input.targetUtilization)}% of their request (scale-down)`,
            zero: 'pods without a sample as using 0% (scale-up)',
            'left-out': 'pods without a sample left out (the ratio is exactly 1)',
          }[c.missingAs],
        );
      if (c.unreadyAs === 'zero') filled.push('unready pods as using 0% (scale-up)');
      out.push(
        `3. Correction: ${filled.join('; ')}`,
        ratioLine(`   Over ${plural(c.podsCounted, 'pod')}`, c.second, input.targetUtilization),
      );
      const second = fmt(c.second.ratio);
      if (t.decision === 'corrected-within-tolerance')
        out.push(`4. ${second} is within the tolerance band ${band}: keep the current count`);
      else if (t.decision === 'corrected-direction-flip')
        out.push(
          `4. The corrected ratio ${second} points the other way than ${fmt(t.first?.ratio ?? 0)}: keep the current count`,
        );
      else if (t.decision === 'corrected-count-flip')
        out.push(
          `4. ceil(${second} × ${c.podsCounted}) = ${Math.ceil(c.second.ratio * c.podsCounted)} would move against the ratio: keep the current count`,
        );
      else out.push(`4. ceil(${second} × ${c.podsCounted}) = ${r.replicas}`);
    }
  }
  out.push(
    '',
    `Result: ${plural(r.replicas, 'replica')} (status: utilization ${r.utilization}%, average ${r.averageUsageMilliCpu}m per ready pod)`,
  );
  return out.join('\n');
}

function proposalLine(p: PolicyProposal, direction: 'up' | 'down'): string {
  const { policy } = p;
  const sign = direction === 'up' ? '+' : '−';
  const what = policy.type === 'Pods' ? `${sign}${policy.value} pods` : `${sign}${policy.value}%`;
  const formula =
    policy.type === 'Pods'
      ? `${p.periodStartReplicas} ${sign} ${policy.value}`
      : direction === 'up'
        ? `ceil(${p.periodStartReplicas} × ${fmt(1 + policy.value / 100)})`
        : `trunc(${p.periodStartReplicas} × ${fmt(1 - policy.value / 100)})`;
  return (
    `   ${what} per ${policy.periodSeconds}s: ${p.addedInPeriod} added and ${p.deletedInPeriod} removed in the period, ` +
    `so it began at ${p.periodStartReplicas}; ${formula} = ${p.proposed}`
  );
}

function renderNormalize(t: NormalizeTrace): string {
  const { input, result } = t;
  const out = [
    `Normalising a proposal of ${input.desiredReplicas} from ${input.currentReplicas} current replicas ` +
      `(minReplicas ${t.minReplicas}, maxReplicas ${input.maxReplicas}; ${input.behavior === undefined ? 'no behavior: legacy rules' : 'with behavior'})`,
    '',
  ];
  const s = t.stabilization;
  const b = t.bound;
  if (t.mode === 'early' || !s || !b) {
    out.push(`1. Before the metrics are used: ${result.message}`);
    out.push('', `Result: ${plural(result.replicas, 'replica')} — ${result.reason}`);
    return out.join('\n');
  }
  const windows = (c: (typeof s.considered)[number]) =>
    t.mode === 'legacy'
      ? ''
      : `, ${[c.inScaleUpWindow ? 'scale-up' : '', c.inScaleDownWindow ? 'scale-down' : ''].filter(Boolean).join(' and ')} window`;
  const recs = s.considered.map(
    (c) => `${c.recommendation.replicas} (${c.recommendation.secondsAgo}s ago${windows(c)})`,
  );
  if (t.mode === 'legacy') {
    out.push(
      `1. Stabilisation: the highest of the proposal and the recommendations of the last ${t.downscaleWindowSeconds}s`,
      `   in the window: ${recs.length === 0 ? 'none' : recs.join(', ')} → ${s.replicas}`,
      `   AbleToScale: ${s.reason}: ${s.message}`,
      `2. Bounds: [minReplicas ${t.minReplicas}, min(maxReplicas ${input.maxReplicas}, scale-up limit max(2 × ${input.currentReplicas}, 4) = ${b.legacyScaleUpLimit})]`,
      `   ${s.replicas} → ${b.replicas}; ScalingLimited: ${b.reason}: ${b.message}`,
    );
  } else if (t.rules) {
    const { scaleUp, scaleDown } = t.rules;
    out.push(
      `1. Stabilisation (scale-up window ${scaleUp.stabilizationWindowSeconds}s, scale-down window ${scaleDown.stabilizationWindowSeconds}s)`,
      `   in a window: ${recs.length === 0 ? 'none' : recs.join(', ')}`,
      `   floor = lowest of the proposal and those in the scale-up window = ${s.floor}; ` +
        `ceiling = highest of the proposal and those in the scale-down window = ${s.ceiling}`,
      `   current ${input.currentReplicas} brought into [${s.floor}, ${s.ceiling}] → ${s.replicas}`,
      `   AbleToScale: ${s.reason}: ${s.message}`,
    );
    const direction =
      s.replicas > input.currentReplicas ? 'up' : s.replicas < input.currentReplicas ? 'down' : 'none';
    if (direction === 'none' || !b.rate)
      out.push(`2. Rate: no change from ${input.currentReplicas}, no policy applies`);
    else {
      const rate = b.rate;
      out.push(`2. Rate (scale-${direction}, selectPolicy ${rate.selectPolicy})`);
      if (rate.selectPolicy === 'Disabled')
        out.push(`   scaling ${direction} is disabled: limit ${rate.limit}`);
      for (const p of rate.proposals) out.push(proposalLine(p, direction));
      if (rate.selectPolicy !== 'Disabled') {
        const pick =
          direction === 'up'
            ? rate.selectPolicy === 'Min'
              ? 'lowest'
              : 'highest'
            : rate.selectPolicy === 'Min'
              ? 'highest'
              : 'lowest';
        out.push(`   ${rate.selectPolicy} takes the ${pick}: limit ${rate.limit}`);
      }
      const bounds =
        direction === 'up'
          ? `min(maxReplicas ${input.maxReplicas}, max(limit ${rate.limit}, current ${input.currentReplicas}))`
          : `max(minReplicas ${t.minReplicas}, min(limit ${rate.limit}, current ${input.currentReplicas}))`;
      out.push(`3. Bounds: ${bounds}; ${s.replicas} → ${b.replicas}`);
    }
    out.push(`   ScalingLimited: ${b.reason}: ${b.message}`);
  }
  out.push('', `Result: ${plural(result.replicas, 'replica')} — ${result.reason}: ${result.message}`);
  return out.join('\n');
}
