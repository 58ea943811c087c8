import type { PriorityExpanderConfig } from '../../../model/cluster-autoscaler.js';
import type { ExpanderFilter, ScaleUpOption } from './option.js';

/**
 * priority (expander/priority/priority.go): the options whose node group matches a pattern of the
 * highest priority in the ConfigMap; groups matching no pattern are not used. When no option
 * matches at all, every option stays (upstream falls back to random among all).
 */
export function priority(config: PriorityExpanderConfig): ExpanderFilter {
  // Go's regexp is RE2; the patterns kubesim accepts (checked at load) mean the same in JavaScript.
  const compiled = config.priorities.map((p) => ({
    priority: p.priority,
    patterns: p.patterns.map((s) => new RegExp(s)),
  }));
  return {
    name: 'priority',
    bestOptions(options) {
      let best: ScaleUpOption[] = [];
      let max = Number.NEGATIVE_INFINITY;
      for (const o of options) {
        let mine = Number.NEGATIVE_INFINITY;
        for (const p of compiled)
          if (p.priority > mine && p.patterns.some((re) => re.test(o.group.id))) mine = p.priority;
        if (mine === Number.NEGATIVE_INFINITY) continue;
        if (mine > max) {
          max = mine;
          best = [o];
        } else if (mine === max) best.push(o);
      }
      return best.length === 0 ? [...options] : best;
    },
  };
}
