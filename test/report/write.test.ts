import { mkdir, mkdtemp, readdir, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { prepareOutputDirectory, writeFilesAtomic } from '../../src/report/write.js';

async function tempDir(): Promise<string> {
  return mkdtemp(join(tmpdir(), 'kubesim-write-'));
}

describe('writeFilesAtomic', () => {
  it('writes every file, replacing older versions, and leaves no temporary file', async () => {
    const dir = await tempDir();
    await writeFile(join(dir, 'a.json'), 'old');
    writeFilesAtomic([
      { path: join(dir, 'a.json'), content: 'new a' },
      { path: join(dir, 'a.md'), content: 'new md' },
    ]);
    expect((await readdir(dir)).sort()).toEqual(['a.json', 'a.md']);
    expect(await readFile(join(dir, 'a.json'), 'utf8')).toBe('new a');
  });

  it('writes none of the files when one of them cannot be written', async () => {
    const dir = await tempDir();
    await mkdir(join(dir, 'b.md'));
    await mkdir(join(dir, 'b.md', 'inside'));
    expect(() =>
      writeFilesAtomic([
        { path: join(dir, 'b.json'), content: 'json' },
        { path: join(dir, 'b.md'), content: 'md' },
      ]),
    ).toThrow();
    expect((await readdir(dir)).sort()).toEqual(['b.md']);
  });
});

describe('prepareOutputDirectory', () => {
  it('creates a missing folder and leaves nothing in it', async () => {
    const dir = join(await tempDir(), 'new', 'deeper');
    expect(prepareOutputDirectory(dir, ['x.json'])).toBeUndefined();
    expect(await readdir(dir)).toEqual([]);
  });

  it('names a folder that cannot be created', () => {
    expect(prepareOutputDirectory('/proc/kubesim-out', ['x.json'])).toBe(
      'Cannot write the report: cannot create directory "/proc/kubesim-out": no such file or directory',
    );
  });

  it('names a report file taken by a directory', async () => {
    const dir = await tempDir();
    await mkdir(join(dir, 'x.json'));
    expect(prepareOutputDirectory(dir, ['x.json'])).toContain(`"${join(dir, 'x.json')}" is a directory`);
  });
});
