import { type ExpanderFilter, lowest } from './option.js';

/** most-pods (expander/mostpods): the options that schedule the most pods. */
export const mostPods: ExpanderFilter = {
  name: 'most-pods',
  bestOptions: (options) => lowest(options, (o) => -o.pods.length),
};
