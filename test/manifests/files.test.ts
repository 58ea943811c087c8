import { execFileSync } from 'node:child_process';
import { mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { formatDiagnostic, loadFiles } from '../../src/manifests/index.js';

// Classes 2 and 6 of issue 7: paths that are not regular files are refused without being read
// (a read of /dev/zero or a pipe would never end), and encodings are recognised and named.

async function tempDir(): Promise<string> {
  return mkdtemp(join(tmpdir(), 'kubesim-files-'));
}

async function lines(paths: string[]): Promise<string[]> {
  const r = await loadFiles(paths);
  return r.diagnostics.map((d) => `${d.severity === 'warning' ? 'warning: ' : ''}${formatDiagnostic(d)}`);
}

const POD = 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  containers: [{name: c, image: x}]\n';

function scenarioIncluding(include: string): string {
  return `apiVersion: kubesim.dev/v1alpha1\nkind: Scenario\nmetadata: {name: s}\nspec:\n  duration: 1h\n  include:\n    - ${include}\n  cluster: {nodePools: [{name: p, cpu: "1", memory: 1Gi, count: 1}]}\n`;
}

const servers: Server[] = [];
afterAll(() => {
  for (const s of servers) s.close();
});

describe('paths that are not regular files', () => {
  it.each([
    ['/dev/zero', 'a character device'],
    ['/dev/urandom', 'a character device'],
    ['/dev/null', 'a character device'],
  ])('refuses %s on the command line without reading it', async (path, what) => {
    expect(await lines([path])).toEqual([
      `${path}: Cannot load "${path}": it is ${what}, not a regular file`,
    ]);
  });

  it('refuses a named pipe without waiting for a writer', async () => {
    const fifo = join(await tempDir(), 'pipe.yaml');
    execFileSync('mkfifo', [fifo]);
    expect(await lines([fifo])).toEqual([
      `${fifo}: Cannot load "${fifo}": it is a named pipe (FIFO), not a regular file`,
    ]);
  });

  it('refuses a socket', async () => {
    const socket = join(await tempDir(), 'sock.yaml');
    const server = createServer();
    servers.push(server);
    await new Promise<void>((done) => server.listen(socket, done));
    expect(await lines([socket])).toEqual([
      `${socket}: Cannot load "${socket}": it is a socket, not a regular file`,
    ]);
  });

  it('refuses a device named by an include, at the include', async () => {
    const dir = await tempDir();
    await writeFile(join(dir, 's.yaml'), scenarioIncluding('/dev/zero'));
    expect(await lines([join(dir, 's.yaml')])).toEqual([
      `${join(dir, 's.yaml')}:7:7: Scenario "s": spec.include[0]: Cannot include "/dev/zero": it is a character device, not a regular file`,
    ]);
  });

  it('reads an absolute include path as absolute', async () => {
    const dir = await tempDir();
    const elsewhere = await tempDir();
    await writeFile(join(elsewhere, 'pod.yaml'), POD);
    await writeFile(join(dir, 's.yaml'), scenarioIncluding(join(elsewhere, 'pod.yaml')));
    const r = await loadFiles([join(dir, 's.yaml')]);
    expect(r.diagnostics).toEqual([]);
    expect(r.input.pods.map((p) => p.name)).toEqual(['p']);
  });

  it.each([
    ['a directory', async (dir: string) => mkdir(join(dir, 'samples.csv')), 'is a directory, not a file'],
    [
      'a named pipe',
      async (dir: string) => execFileSync('mkfifo', [join(dir, 'samples.csv')]),
      'is a named pipe (FIFO), not a regular file',
    ],
  ])('refuses a samples file that is %s, naming what it is', async (_name, make, what) => {
    const dir = await tempDir();
    await make(dir);
    await writeFile(
      join(dir, 's.yaml'),
      'apiVersion: kubesim.dev/v1alpha1\nkind: Scenario\nmetadata: {name: s}\nspec:\n  duration: 1h\n  cluster:\n    nodePools:\n      - {name: p, cpu: "1", memory: 1Gi, count: 1, provisioningTime: {empirical: {file: samples.csv}}}\n',
    );
    const got = await lines([join(dir, 's.yaml')]);
    expect(got).toHaveLength(1);
    expect(got[0]).toContain(
      `spec.cluster.nodePools[0].provisioningTime.empirical.file: Cannot read samples file "samples.csv": it ${what}`,
    );
  });
});

describe('encodings and line endings', () => {
  it('reads UTF-16 with a byte-order mark, as kubectl does', async () => {
    const dir = await tempDir();
    const le = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(POD, 'utf16le')]);
    const be = Buffer.from(le);
    be.swap16();
    await writeFile(join(dir, 'le.yaml'), le);
    await writeFile(join(dir, 'be.yaml'), be);
    const r = await loadFiles([join(dir, 'le.yaml')]);
    expect(r.diagnostics).toEqual([]);
    expect(r.input.pods).toHaveLength(1);
    const big = await loadFiles([join(dir, 'be.yaml')]);
    expect(big.diagnostics).toEqual([]);
    expect(big.input.pods.map((p) => p.name)).toEqual(['p']);
  });

  it('names UTF-16 without a byte-order mark instead of reporting YAML errors', async () => {
    const file = join(await tempDir(), 'nobom.yaml');
    await writeFile(file, Buffer.from(POD, 'utf16le'));
    expect(await lines([file])).toEqual([
      `${file}: Cannot load "${file}": the file looks UTF-16 (little-endian) encoded without a byte-order mark; save it as UTF-8`,
    ]);
  });

  it('names bytes that are not UTF-8, with their line', async () => {
    const file = join(await tempDir(), 'latin1.yaml');
    await writeFile(file, Buffer.from('apiVersion: v1\nkind: Pod\nmetadata:\n  name: caf\xe9\n', 'latin1'));
    expect(await lines([file])).toEqual([
      `${file}:4:12: Cannot load "${file}": byte 0xe9 is not valid UTF-8 (Kubernetes manifests are UTF-8; was it saved as Latin-1?)`,
    ]);
  });

  it('refuses a binary file (NUL bytes)', async () => {
    const file = join(await tempDir(), 'image.yaml');
    await writeFile(file, Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 0, 0, 0x0d, 0x49, 0x48]));
    expect(await lines([file])).toEqual([
      `${file}:1:5: Cannot load "${file}": it holds a NUL byte: a binary file, not YAML or JSON`,
    ]);
  });

  it('reads old Mac line endings (CR alone) as line breaks, with a warning naming them', async () => {
    const file = join(await tempDir(), 'mac.yaml');
    await writeFile(file, POD.replaceAll('\n', '\r'));
    const r = await loadFiles([file]);
    expect(r.input.pods.map((p) => p.name)).toEqual(['p']);
    expect(r.diagnostics.map(formatDiagnostic)).toEqual([
      `${file}:1:1: the file has old Mac OS line endings (CR without LF): read as line breaks, as YAML allows`,
    ]);
  });

  it('accepts a byte-order mark at the start of a later document (files joined with cat)', async () => {
    const file = join(await tempDir(), 'joined.yaml');
    await writeFile(file, `\uFEFF${POD}---\n\uFEFF${POD.replace('name: p', 'name: q')}`);
    const r = await loadFiles([file]);
    expect(r.diagnostics).toEqual([]);
    expect(r.input.pods.map((p) => p.name)).toEqual(['p', 'q']);
  });
});
