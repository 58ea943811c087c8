export type { InterPodAffinityArgs } from './args.js';
export { INTER_POD_AFFINITY_ARGS } from './args.js';
export {
  ERR_REASON_AFFINITY_RULES_NOT_MATCH,
  ERR_REASON_ANTI_AFFINITY_RULES_NOT_MATCH,
  ERR_REASON_EXISTING_ANTI_AFFINITY_RULES_NOT_MATCH,
} from './filtering.js';
export { type InterPodAffinityPlugin, NAME, newInterPodAffinity, readPreFilterState } from './plugin.js';
export { namespaceLabels } from './terms.js';
