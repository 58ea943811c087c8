import { parse as parseYamlScalar } from 'yaml';
import type { Override } from '../manifests/overrides.js';

/**
 * One `--vary` option: a path into a named manifest (`Service/cart:spec.sessionAffinity=None,ClientIP`)
 * or into the Scenario (`spec.services.cart.loadBalancing=random,round-robin`), and the values to try.
 */
export interface Variation {
  /** The option as written, for messages and labels. */
  text: string;
  /** The document it changes: a kind and name, or the Scenario. */
  target: { kind: string; name: string } | 'Scenario';
  path: string[];
  values: unknown[];
}

/** A variant: one value of each variation (their product), with a label naming the choices. */
export interface Variant {
  label: string;
  overrides: Override[];
}

/** Why a `--vary` option could not be read; the message names the option and says what was expected. */
export class VaryError extends Error {}

const FORM = "expected 'Kind/name:path=a,b' (a path into a manifest) or 'spec.path=a,b' (into the Scenario)";

/** Reads one `--vary` option. Values are YAML scalars: `3` is a number, `true` a boolean, `None` a string. */
export function parseVariation(text: string): Variation {
  const eq = text.indexOf('=');
  if (eq <= 0) throw new VaryError(`Cannot read --vary '${text}': no '=' before the values; ${FORM}`);
  const left = text.slice(0, eq);
  const rawValues = text.slice(eq + 1);
  const values = rawValues.split(',').map((v) => v.trim());
  if (values.length === 0 || values.some((v) => v === ''))
    throw new VaryError(`Cannot read --vary '${text}': a value is empty; give values separated by commas`);
  let target: Variation['target'] = 'Scenario';
  let pathText = left;
  const colon = left.indexOf(':');
  if (colon >= 0) {
    const ref = left.slice(0, colon);
    const slash = ref.indexOf('/');
    if (slash <= 0 || slash === ref.length - 1)
      throw new VaryError(`Cannot read --vary '${text}': '${ref}' is not Kind/name; ${FORM}`);
    target = { kind: ref.slice(0, slash), name: ref.slice(slash + 1) };
    pathText = left.slice(colon + 1);
  }
  const path = pathText.split('.');
  if (path.some((p) => p === ''))
    throw new VaryError(`Cannot read --vary '${text}': the path '${pathText}' has an empty part`);
  if (target === 'Scenario' && path[0] !== 'spec')
    throw new VaryError(`Cannot read --vary '${text}': a Scenario path starts with 'spec.'; ${FORM}`);
  return { text, target, path, values: values.map((v) => parseYamlScalar(v) as unknown) };
}

/** Every combination of the variations' values, in order (the first variation varies slowest). */
export function variants(variations: readonly Variation[]): Variant[] {
  let out: Variant[] = [{ label: '', overrides: [] }];
  for (const v of variations) {
    const next: Variant[] = [];
    for (const base of out) {
      for (const value of v.values) {
        const choice = `${v.target === 'Scenario' ? '' : `${v.target.kind}/${v.target.name}:`}${v.path.join('.')}=${String(value)}`;
        next.push({
          label: base.label ? `${base.label}, ${choice}` : choice,
          overrides: [...base.overrides, { target: v.target, path: v.path, value }],
        });
      }
    }
    out = next;
  }
  return out;
}
