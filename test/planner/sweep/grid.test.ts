import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { GridError, gridPoints, parseGrid } from '../../../src/planner/sweep/grid.js';
import { checkPoints, PointsError } from '../../../src/planner/sweep/prepare.js';
import { GRID, writeFixture } from './fixture.js';

function gridError(text: string): string {
  try {
    parseGrid(text, 'sweeps/g.yaml');
  } catch (error) {
    expect(error).toBeInstanceOf(GridError);
    return (error as Error).message;
  }
  throw new Error('expected a GridError');
}

describe('parseGrid', () => {
  it('reads the scenario relative to the grid, the vary paths in file order, replications and seed', () => {
    const grid = parseGrid(`${GRID}seed: 10\nduration: 2m\ninputs: [traces/t.csv]\n`, 'sweeps/g.yaml');
    expect(grid.scenario).toBe(join('sweeps', 'scenario.yaml'));
    expect(grid.variations.map((v) => [v.text, v.target, v.path, v.values])).toEqual([
      ['Deployment/web:spec.replicas', { kind: 'Deployment', name: 'web' }, ['spec', 'replicas'], [1, 2]],
      [
        'spec.services.web.loadBalancing',
        'Scenario',
        ['spec', 'services', 'web', 'loadBalancing'],
        ['round-robin', 'random'],
      ],
    ]);
    expect(grid).toMatchObject({ name: 'tiny-sweep', replications: 3, seed: 10, duration: '2m' });
    expect(grid.inputs).toEqual([join('sweeps', 'traces', 't.csv')]);
  });

  it('takes a plain mapping without kind, and one replication by default', () => {
    const grid = parseGrid('scenario: s.yaml\nvary: {spec.seedless: [a]}\n', 'g.yaml');
    expect(grid.replications).toBe(1);
    expect(grid.seed).toBeUndefined();
  });

  it('numbers the points in grid order, the first path varying slowest', () => {
    const points = gridPoints(parseGrid(GRID, 'g.yaml'));
    expect(points.map((p) => [p.index, p.values])).toEqual([
      [0, { 'Deployment/web:spec.replicas': 1, 'spec.services.web.loadBalancing': 'round-robin' }],
      [1, { 'Deployment/web:spec.replicas': 1, 'spec.services.web.loadBalancing': 'random' }],
      [2, { 'Deployment/web:spec.replicas': 2, 'spec.services.web.loadBalancing': 'round-robin' }],
      [3, { 'Deployment/web:spec.replicas': 2, 'spec.services.web.loadBalancing': 'random' }],
    ]);
    expect(points[3]?.overrides).toEqual([
      { target: { kind: 'Deployment', name: 'web' }, path: ['spec', 'replicas'], value: 2 },
      { target: 'Scenario', path: ['spec', 'services', 'web', 'loadBalancing'], value: 'random' },
    ]);
  });

  it.each([
    [
      'a path with an empty list of values',
      'scenario: s.yaml\nvary:\n  spec.a: []\n',
      /g\.yaml:3:11: Sweep: vary\.spec\.a: expected a list of at least one value/,
    ],
    ['no vary at all', 'scenario: s.yaml\n', /g\.yaml:1:1: Sweep: : expected vary: a mapping of paths/],
    ['an empty vary', 'scenario: s.yaml\nvary: {}\n', /g\.yaml:2:7: Sweep: vary: expected vary: a mapping/],
    [
      'an unknown key',
      'scenario: s.yaml\nvary: {spec.a: [1]}\nreplicatons: 3\n',
      /g\.yaml:3:1: Sweep: replicatons: unknown field "replicatons"/,
    ],
    [
      'replications that are not a positive integer',
      'scenario: s.yaml\nvary: {spec.a: [1]}\nreplications: three\n',
      /g\.yaml:3:15: .*expected an integer >= 1 \(the seeds per point\), got "three"/,
    ],
    [
      'a negative seed',
      'scenario: s.yaml\nvary: {spec.a: [1]}\nseed: -1\n',
      /g\.yaml:3:7: .*seed: expected an integer from 0/,
    ],
    [
      'a duration that is not one',
      'scenario: s.yaml\nvary: {spec.a: [1]}\nduration: soon\n',
      /g\.yaml:3:11: .*expected a Go duration > 0/,
    ],
    [
      'a scenario that is not a path',
      'scenario: 3\nvary: {spec.a: [1]}\n',
      /g\.yaml:1:11: .*expected scenario: the path/,
    ],
    [
      'a Scenario path that does not start with spec.',
      'scenario: s.yaml\nvary: {services.a: [1]}\n',
      /g\.yaml:2:8: .*a Scenario path starts with 'spec\.'/,
    ],
    [
      'a manifest path without a name',
      'scenario: s.yaml\nvary: {"Service:spec.a": [1]}\n',
      /is not Kind\/name/,
    ],
    ['a key with --vary syntax', 'scenario: s.yaml\nvary: {"spec.a=1,2": [1]}\n', /holds '=' or ','/],
    ['a null value', 'scenario: s.yaml\nvary: {spec.a: [1, null]}\n', /a value is empty/],
    ['another kind', 'kind: Scenario\nscenario: s.yaml\nvary: {spec.a: [1]}\n', /expected kind Sweep/],
  ])('refuses %s, naming file, line and field', (_what, text, message) => {
    expect(gridError(text)).toMatch(message);
  });

  it('lists every problem at once', () => {
    const message = gridError('vary: {spec.a: []}\nreplications: 0\nbogus: 1\n');
    expect(message).toMatch(/4 errors in the sweep grid; nothing was run\.$/);
  });

  it('refuses a file of several documents or a YAML syntax error', () => {
    expect(gridError('scenario: a\n---\nscenario: b\n')).toMatch(/expected one YAML mapping/);
    expect(gridError('scenario: [a\n')).toMatch(/g\.yaml:\d+:\d+/);
  });
});

describe('checkPoints', () => {
  async function pointsError(vary: string): Promise<string> {
    const { grid } = writeFixture(`scenario: scenario.yaml\nvary:\n${vary}\n`);
    const g = parseGrid(`scenario: scenario.yaml\nvary:\n${vary}\n`, grid);
    try {
      await checkPoints(g, gridPoints(g), {});
    } catch (error) {
      expect(error).toBeInstanceOf(PointsError);
      return (error as Error).message;
    }
    throw new Error('expected a PointsError');
  }

  it('returns the seed base of each point: the Scenario spec.seed without a grid seed', async () => {
    const { grid } = writeFixture();
    const g = parseGrid(`scenario: scenario.yaml\nvary: {Deployment/web:spec.replicas: [1, 2]}\n`, grid);
    expect(await checkPoints(g, gridPoints(g), {})).toEqual([3, 3]);
  });

  it('refuses a path into a manifest that names no field (the loader would only warn and ignore it)', async () => {
    expect(await pointsError('  Deployment/web:spec.replica: [1, 2]')).toMatch(
      /grid point 0 \(Deployment\/web:spec.replica=1\):\n {2}.*scenario\.yaml:\d+:\d+: Deployment "web": spec\.replica: unknown field "replica"/,
    );
  });

  it('refuses a path into the Scenario that names no field', async () => {
    expect(await pointsError('  spec.services.web.concurency: [1]')).toMatch(/unknown field "concurency"/);
  });

  it('refuses a document that is not among the files', async () => {
    expect(await pointsError('  Service/webb:spec.sessionAffinity: [ClientIP]')).toMatch(
      /no document Service\/webb among the files/,
    );
  });

  it('refuses values of the wrong type, naming the point', async () => {
    expect(await pointsError('  spec.services.web.concurrency: [2, many]')).toMatch(
      /grid point 1 \(spec\.services\.web\.concurrency=many\):\n.*spec\.services\.web\.concurrency: expected an integer >= 1, got "many"/,
    );
  });
});
