import { describe, expect, it } from 'vitest';
import { formatDiagnostic, loadText } from '../../src/manifests/index.js';
import { MAX_NESTING_DEPTH } from '../../src/manifests/source.js';

// Class 6 of issue 7: a YAML error points at the token that is wrong, and nesting deep enough to
// exhaust the parser's stack is refused with a stated limit.

function lines(text: string): string[] {
  return loadText(text, 'x.yaml').diagnostics.map(
    (d) => `${d.severity === 'warning' ? 'warning: ' : ''}${formatDiagnostic(d)}`,
  );
}

const POD_HEAD = 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\n';

describe('YAML errors point at the token', () => {
  it('an alias to an unknown anchor', () => {
    expect(lines(`${POD_HEAD}  labels: *common\nspec:\n  containers: [{name: c}]\n`)).toEqual([
      'x.yaml:5:11: invalid YAML: alias *common refers to no anchor &common defined before it in this document',
    ]);
  });

  it('an alias to an anchor of another document', () => {
    expect(
      lines(
        `${POD_HEAD}  labels: &l {app: a}\nspec:\n  containers: [{name: c}]\n---\napiVersion: v1\nkind: Pod\nmetadata:\n  name: q\n  labels: *l\nspec:\n  containers: [{name: c}]\n`,
      ),
    ).toEqual([
      'x.yaml:13:11: invalid YAML: alias *l refers to no anchor &l defined before it in this document',
    ]);
  });

  it('a merge key whose value is not a mapping', () => {
    expect(lines(`${POD_HEAD}  labels:\n    <<: 5\n    app: a\nspec:\n  containers: [{name: c}]\n`)).toEqual([
      'x.yaml:6:9: invalid YAML: a merge key (<<) takes a mapping or a list of mappings, got 5',
    ]);
  });

  it('a merge key whose list holds a scalar', () => {
    expect(
      lines(`${POD_HEAD}  labels:\n    <<: [{a: b}, oops]\n    app: a\nspec:\n  containers: [{name: c}]\n`),
    ).toEqual([
      'x.yaml:6:18: invalid YAML: a merge key (<<) takes a mapping or a list of mappings, got "oops"',
    ]);
  });
});

describe('nesting depth', () => {
  it(`refuses flow nesting deeper than ${MAX_NESTING_DEPTH} levels, at the first level too deep`, () => {
    const n = 5000;
    const got = lines(`${POD_HEAD}  labels: ${'['.repeat(n)}${']'.repeat(n)}\n`);
    expect(got).toEqual([
      `x.yaml:5:${11 + MAX_NESTING_DEPTH}: invalid YAML: nested more than ${MAX_NESTING_DEPTH} levels deep, refused (Kubernetes objects nest a few dozen at most)`,
    ]);
  });

  it('refuses 16 MiB of brackets quickly, before parsing', () => {
    const n = 8 * 1024 * 1024;
    expect(lines('['.repeat(n) + ']'.repeat(n))).toEqual([
      `x.yaml:1:${MAX_NESTING_DEPTH + 1}: invalid YAML: nested more than ${MAX_NESTING_DEPTH} levels deep, refused (Kubernetes objects nest a few dozen at most)`,
    ]);
  });

  it('counts no brackets in quoted scalars and comments', () => {
    const many = '['.repeat(MAX_NESTING_DEPTH + 1);
    const got = lines(
      `${POD_HEAD}  labels: {a: "${many}", b: '${many}'} # ${many}\nspec:\n  containers: [{name: c}]\n`,
    );
    expect(got.filter((l) => l.includes('nested'))).toEqual([]);
  });

  it('refuses deep block nesting', () => {
    let text = '';
    for (let i = 0; i < 1000; i++) text += `${' '.repeat(i)}k:\n`;
    const got = lines(text);
    expect(got).toHaveLength(1);
    expect(got[0]).toMatch(/^x\.yaml:\d+:\d+: invalid YAML: nested more than \d+ levels deep, refused/);
  });

  it('accepts nesting at the limit', () => {
    const depth = MAX_NESTING_DEPTH - 3; // the document, metadata and labels are three levels
    const got = lines(
      `${POD_HEAD}  annotations: {}\n  labels: {}\nspec:\n  x: ${'['.repeat(depth)}${']'.repeat(depth)}\n  containers: [{name: c}]\n`,
    );
    expect(got.filter((l) => l.includes('nested'))).toEqual([]);
  });
});

describe('custom tags', () => {
  it('warns at a tag that is ignored', () => {
    expect(lines(`${POD_HEAD}  labels: {team: !vault secret}\nspec:\n  containers: [{name: c}]\n`)).toEqual([
      'warning: x.yaml:5:18: custom YAML tag !vault is ignored: the value is read as if it had no tag',
    ]);
  });
});
