import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { mergeResultFiles, renderResults } from '../../../src/planner/sweep/merge.js';
import {
  ResultsAppender,
  ResultsError,
  readResults,
  repairTornTail,
  type SweepResultLine,
  serializeResult,
} from '../../../src/planner/sweep/results.js';
import { writeFixture } from './fixture.js';

const line = (point: number, seed: number, p99 = 1.5): SweepResultLine => ({
  point,
  seed,
  values: { 'spec.x': point },
  figures: { 'availability.pods': 1, 'traffic.services[default/web].latencyMs.p99': p99 },
});

describe('results file', () => {
  it('appends whole lines and reads them back', () => {
    const { dir } = writeFixture();
    const path = join(dir, 'r.jsonl');
    const out = new ResultsAppender(path);
    out.append(line(1, 3));
    out.append(line(0, 3));
    out.close();
    const file = readResults(path);
    expect(file.lines).toEqual([line(1, 3), line(0, 3)]);
    expect(file.tornBytes).toBe(0);
  });

  it('writes the keys in one order whatever the object had', () => {
    const shuffled = { figures: { a: 1 }, values: {}, seed: 2, point: 1 } as SweepResultLine;
    expect(serializeResult(shuffled)).toBe('{"point":1,"seed":2,"values":{},"figures":{"a":1}}\n');
  });

  it('repairs a torn last line by cutting it off, keeping every whole line', () => {
    const { dir } = writeFixture();
    const path = join(dir, 'r.jsonl');
    const whole = serializeResult(line(0, 1)) + serializeResult(line(0, 2));
    writeFileSync(path, `${whole}${serializeResult(line(1, 1)).slice(0, 25)}`);
    const file = readResults(path);
    expect(file.lines).toHaveLength(2);
    expect(file.tornBytes).toBe(25);
    repairTornTail(path, file);
    expect(readFileSync(path, 'utf8')).toBe(whole);
  });

  it('counts a torn tail in bytes, so a cut inside a multi-byte character is cut off whole', () => {
    const { dir } = writeFixture();
    const path = join(dir, 'r.jsonl');
    const whole = serializeResult({ ...line(0, 1), values: { 'spec.x': 'é' } });
    const torn = Buffer.from(serializeResult({ ...line(0, 2), values: { 'spec.x': 'éé' } })).subarray(0, 32);
    writeFileSync(path, Buffer.concat([Buffer.from(whole), torn]));
    const file = readResults(path);
    repairTornTail(path, file);
    expect(readFileSync(path, 'utf8')).toBe(whole);
  });

  it('refuses a corrupt line that is not the last, naming file and line', () => {
    const { dir } = writeFixture();
    const path = join(dir, 'r.jsonl');
    writeFileSync(path, `${serializeResult(line(0, 1))}{"point":\n${serializeResult(line(0, 2))}`);
    expect(() => readResults(path)).toThrow(ResultsError);
    expect(() => readResults(path)).toThrow(/r\.jsonl:2: not a sweep result/);
    writeFileSync(path, '{"point":1}\n');
    expect(() => readResults(path)).toThrow(
      /r\.jsonl:1: not a sweep result: expected \{point, seed, values, figures\}/,
    );
  });
});

describe('mergeResultFiles', () => {
  it('joins files in grid order (point, then seed), a run found twice kept once', () => {
    const { dir } = writeFixture();
    const a = join(dir, 'a.jsonl');
    const b = join(dir, 'b.jsonl');
    writeFileSync(a, [line(1, 2), line(0, 1)].map(serializeResult).join(''));
    writeFileSync(b, [line(0, 2), line(1, 1), line(0, 1)].map(serializeResult).join(''));
    expect(renderResults(mergeResultFiles([a, b]))).toBe(
      [line(0, 1), line(0, 2), line(1, 1), line(1, 2)].map(serializeResult).join(''),
    );
  });

  it('sorts a single file', () => {
    const { dir } = writeFixture();
    const a = join(dir, 'a.jsonl');
    writeFileSync(a, [line(2, 1), line(0, 1)].map(serializeResult).join(''));
    expect(mergeResultFiles([a]).map((l) => l.point)).toEqual([0, 2]);
  });

  it('refuses a run that differs between two files', () => {
    const { dir } = writeFixture();
    const a = join(dir, 'a.jsonl');
    const b = join(dir, 'b.jsonl');
    writeFileSync(a, serializeResult(line(0, 1, 1.5)));
    writeFileSync(b, serializeResult(line(0, 1, 2.5)));
    expect(() => mergeResultFiles([a, b])).toThrow(
      /point 0 on seed 1 differs between .*a\.jsonl:1 and .*b\.jsonl:1/,
    );
  });

  it('refuses an interrupted file and a missing one', () => {
    const { dir } = writeFixture();
    const a = join(dir, 'a.jsonl');
    writeFileSync(a, `${serializeResult(line(0, 1))}{"poi`);
    expect(() => mergeResultFiles([a])).toThrow(/a\.jsonl:2: the last line is cut short .* --resume/);
    expect(() => mergeResultFiles([join(dir, 'none.jsonl')])).toThrow(/cannot read .*none\.jsonl: ENOENT/);
  });
});
