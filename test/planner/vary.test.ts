import { describe, expect, it } from 'vitest';
import { loadText } from '../../src/manifests/index.js';
import { parseVariation, VaryError, variants } from '../../src/planner/vary.js';

describe('parseVariation', () => {
  it('reads a path into a named manifest', () => {
    expect(parseVariation('Service/cart:spec.sessionAffinity=None,ClientIP')).toEqual({
      text: 'Service/cart:spec.sessionAffinity=None,ClientIP',
      target: { kind: 'Service', name: 'cart' },
      path: ['spec', 'sessionAffinity'],
      values: ['None', 'ClientIP'],
    });
  });

  it('reads a path into the Scenario, with values as YAML scalars', () => {
    const v = parseVariation('spec.services.cart.concurrency=4,8');
    expect(v.target).toBe('Scenario');
    expect(v.values).toEqual([4, 8]);
  });

  it.each([
    ['spec.services.cart.loadBalancing', /no '='/],
    ['spec.x=a,,b', /a value is empty/],
    ['Service:spec.x=a', /is not Kind\/name/],
    ['services.cart.x=a', /starts with 'spec\.'/],
    ['spec..x=a', /empty part/],
  ])('refuses %s with a message that says what was expected', (text, message) => {
    expect(() => parseVariation(text)).toThrow(VaryError);
    expect(() => parseVariation(text)).toThrow(message);
  });
});

describe('variants', () => {
  it('is the product of the variations, the first varying slowest', () => {
    const vs = variants([parseVariation('spec.a=1,2'), parseVariation('Service/s:spec.b=x,y')]);
    expect(vs.map((v) => v.label)).toEqual([
      'spec.a=1, Service/s:spec.b=x',
      'spec.a=1, Service/s:spec.b=y',
      'spec.a=2, Service/s:spec.b=x',
      'spec.a=2, Service/s:spec.b=y',
    ]);
  });
});

const DOCS = `
apiVersion: kubesim.dev/v1alpha1
kind: Scenario
metadata: {name: t}
spec:
  duration: 1h
  cluster:
    nodePools: [{name: p, instanceType: t, cpu: "2", memory: 4Gi, pricePerHour: 0.1, count: 1}]
---
apiVersion: v1
kind: Service
metadata: {name: cart}
spec: {selector: {app: cart}, ports: [{port: 80}]}
`;

describe('overrides in the loader', () => {
  it('sets the value in the named document before it is read', () => {
    const v = parseVariation('Service/cart:spec.sessionAffinity=ClientIP');
    const [variant] = variants([v]);
    const r = loadText(DOCS, 't.yaml', { overrides: variant?.overrides });
    expect(r.ok).toBe(true);
    expect(r.input.services[0]?.sessionAffinity).toBe('ClientIP');
  });

  it('is an error when no document has that kind and name', () => {
    const [variant] = variants([parseVariation('Service/carts:spec.sessionAffinity=ClientIP')]);
    const r = loadText(DOCS, 't.yaml', { overrides: variant?.overrides });
    expect(r.ok).toBe(false);
    expect(r.diagnostics.map((d) => d.message).join('\n')).toMatch(
      /no document Service\/carts among the files/,
    );
  });

  it('is an error when the path goes through a value that is not a mapping', () => {
    const [variant] = variants([parseVariation('spec.duration.hours=2')]);
    const r = loadText(DOCS, 't.yaml', { overrides: variant?.overrides });
    expect(r.diagnostics.map((d) => d.message).join('\n')).toMatch(
      /spec.duration is "1h", not a mapping or a list/,
    );
  });

  it('reports a value of the wrong type as the loader would in the file', () => {
    const [variant] = variants([parseVariation('Service/cart:spec.sessionAffinity=Sticky')]);
    const r = loadText(DOCS, 't.yaml', { overrides: variant?.overrides });
    expect(r.ok).toBe(false);
  });
});
