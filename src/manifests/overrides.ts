import { isRecord } from './is-record.js';

/**
 * A value to set in one document before it is read (what `kubesim compare --vary` tries): in the
 * manifest of that kind and name, or in the Scenario.
 */
export interface Override {
  target: { kind: string; name: string } | 'Scenario';
  /** Keys from the document's root; a number-like key indexes a list. */
  path: readonly string[];
  value: unknown;
}

/** Whether `override` is meant for a document of this kind and name. */
export function overrideTargets(override: Override, kind: unknown, name: unknown): boolean {
  if (override.target === 'Scenario') return kind === 'Scenario';
  return kind === override.target.kind && name === override.target.name;
}

/** The override's target as a user names it: `Service/cart`, or `the Scenario`. */
export function overrideTargetText(override: Override): string {
  return override.target === 'Scenario' ? 'the Scenario' : `${override.target.kind}/${override.target.name}`;
}

/**
 * Sets the override's value in `doc` (a parsed document), creating missing mappings on the way.
 * Returns why it could not, or undefined.
 */
export function applyOverride(doc: Record<string, unknown>, override: Override): string | undefined {
  let node: unknown = doc;
  const { path } = override;
  for (let i = 0; i < path.length; i++) {
    const key = path[i] as string;
    const last = i === path.length - 1;
    if (Array.isArray(node)) {
      const index = Number(key);
      if (!Number.isInteger(index) || index < 0 || index >= node.length)
        return `${path.slice(0, i).join('.')} is a list of ${node.length}: "${key}" is not an index in it`;
      if (last) node[index] = override.value;
      else node = node[index];
    } else if (isRecord(node)) {
      if (last) node[key] = override.value;
      else {
        if (node[key] === undefined) node[key] = {};
        node = node[key];
      }
    } else {
      return `${path.slice(0, i).join('.')} is ${JSON.stringify(node)}, not a mapping or a list`;
    }
  }
  return undefined;
}
