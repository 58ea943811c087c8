import type { RandomStream } from '../../../engine/random.js';
import type { ExpanderName, PriorityExpanderConfig } from '../../../model/cluster-autoscaler.js';
import { leastWaste } from './least-waste.js';
import { mostPods } from './most-pods.js';
import type { ExpanderContext, ExpanderFilter, ScaleUpOption } from './option.js';
import { price } from './price.js';
import { priority } from './priority.js';

/** Picks one scale-up option, or undefined when there is none. */
export type Expander = (options: readonly ScaleUpOption[], ctx: ExpanderContext) => ScaleUpOption | undefined;

/**
 * The --expander list as upstream's factory chains it (expander/factory/expander_factory.go,
 * chain.go): each filter narrows the options in turn, stopping as soon as one is left; the random
 * strategy picks among what remains (so `random` alone is the fallback itself).
 */
export function buildExpander(
  names: readonly ExpanderName[],
  random: RandomStream,
  priorityConfig: PriorityExpanderConfig | undefined,
): Expander {
  const filters: ExpanderFilter[] = [];
  for (const name of names) {
    if (name === 'random') continue;
    if (name === 'most-pods') filters.push(mostPods);
    else if (name === 'least-waste') filters.push(leastWaste);
    else if (name === 'price') filters.push(price);
    else if (name === 'priority') filters.push(priority(priorityConfig ?? { priorities: [] }));
  }
  return (options, ctx) => {
    let left = [...options];
    for (const f of filters) {
      if (left.length <= 1) break;
      left = f.bestOptions(left, ctx);
    }
    if (left.length <= 1) return left[0];
    return left[random.int(left.length)];
  };
}
