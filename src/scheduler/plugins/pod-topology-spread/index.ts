export type { PodTopologySpreadArgs } from './args.js';
export { POD_TOPOLOGY_SPREAD_ARGS } from './args.js';
export { SYSTEM_DEFAULT_CONSTRAINTS } from './constraints.js';
export {
  ERR_REASON_CONSTRAINTS_NOT_MATCH,
  ERR_REASON_NODE_LABEL_NOT_MATCH,
  tpValueToMatchNum,
} from './filtering.js';
export {
  NAME,
  newPodTopologySpread,
  type PodTopologySpreadPlugin,
  readPreFilterState,
  readPreScoreState,
} from './plugin.js';
export { topologyNormalizingWeight } from './scoring.js';
