import { CPU, MEMORY } from '../../../model/resources.js';
import { type ExpanderFilter, lowest, podsRequests } from './option.js';

/**
 * least-waste (expander/waste/waste.go): the options leaving the least idle cpu and memory on the
 * new nodes, score = (available − requested) / available for cpu plus the same for memory.
 * Upstream reads the template's capacity; kubesim's pools give allocatable only, which it uses.
 */
export const leastWaste: ExpanderFilter = {
  name: 'least-waste',
  bestOptions: (options) =>
    lowest(options, (o) => {
      const requested = podsRequests(o.pods);
      const availCpu = (o.template.allocatable[CPU] ?? 0) * o.nodeCount;
      const availMemory = (o.template.allocatable[MEMORY] ?? 0) * o.nodeCount;
      if (availCpu <= 0 || availMemory <= 0) return undefined;
      return (availCpu - requested.cpu) / availCpu + (availMemory - requested.memory) / availMemory;
    }),
};
