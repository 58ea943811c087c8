import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultWebRoot, type RunningServer, servePlayground } from '../../src/cli/commands/serve.js';
import * as files from '../../src/manifests/files.js';
import * as noFiles from '../../src/web/no-files.js';
import { runCli } from '../cli/run-cli.js';

describe('servePlayground', () => {
  let root: string;
  let server: RunningServer;

  beforeAll(async () => {
    root = mkdtempSync(join(tmpdir(), 'kubesim-serve-'));
    mkdirSync(join(root, 'web'));
    writeFileSync(join(root, 'web', 'index.html'), '<!doctype html><title>t</title>');
    writeFileSync(join(root, 'web', 'app.js'), 'void 0;');
    writeFileSync(join(root, 'secret.txt'), 'outside the served folder');
    server = await servePlayground({ root: join(root, 'web'), port: 0, host: '127.0.0.1' });
  });

  afterAll(async () => {
    await server.close();
    rmSync(root, { recursive: true, force: true });
  });

  it('serves index.html at / and the bundle with their content types', async () => {
    const page = await fetch(server.url);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toBe('text/html; charset=utf-8');
    const app = await fetch(new URL('app.js', server.url));
    expect(app.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect(await app.text()).toBe('void 0;');
  });

  it('never reads outside its folder, and answers 404 for what is not there', async () => {
    for (const path of ['/../secret.txt', '/%2e%2e/secret.txt', '/..%2fsecret.txt', '/missing.js', '/%zz']) {
      const url = `${server.url.replace(/\/$/, '')}${path}`;
      const res = await fetch(url);
      expect([path, res.status]).toEqual([path, 404]);
    }
  });

  it('refuses methods other than GET and HEAD with 405', async () => {
    const res = await fetch(server.url, { method: 'POST', body: 'x' });
    expect(res.status).toBe(405);
    expect(res.headers.get('allow')).toBe('GET, HEAD');
  });

  it('refuses to start without a built playground, saying how to build it', async () => {
    await expect(servePlayground({ root, port: 0, host: '127.0.0.1' })).rejects.toThrow(
      /index\.html is missing; build it with `npm run build:web`/,
    );
  });

  it('refuses a port that is taken', async () => {
    const port = Number(new URL(server.url).port);
    await expect(servePlayground({ root: join(root, 'web'), port, host: '127.0.0.1' })).rejects.toThrow(
      /Cannot serve on 127\.0\.0\.1:\d+: .*pick another --port/,
    );
  });

  it('serves dist/web of this package by default', () => {
    expect(defaultWebRoot()).toBe(join(process.cwd(), 'dist', 'web'));
  });
});

describe('kubesim serve', () => {
  it('rejects a --port that is not a port number, exit 1', async () => {
    const r = await runCli('serve', '--port', '70000');
    expect(r.exitCode).toBe(1);
    expect(r.stderr).toContain('--port must be a whole number from 0 to 65535: current value is "70000"');
  });
});

describe('the browser stand-in for manifests/files.ts', () => {
  it('exports the same names, so the bundle can swap one for the other', () => {
    expect(Object.keys(noFiles).sort()).toEqual(Object.keys(files).sort());
  });

  it('reads no file and names paths in the POSIX way', () => {
    expect(noFiles.readSmallFile('/x.yaml')).toMatchObject({ error: 'refused' });
    expect(noFiles.pathBeside('models/a.yaml', 'b.yaml')).toBe('models/b.yaml');
    expect(noFiles.pathBeside('a.yaml', '/abs/b.yaml')).toBe('/abs/b.yaml');
    expect(noFiles.relativeToFolderOf('models/a.yaml', 'models/b.yaml')).toBe('b.yaml');
    expect(noFiles.relativeToFolderOf('a.yaml', 'a.yaml')).toBe('a.yaml');
    expect(files.relativeToFolderOf('models/a.yaml', 'models/b.yaml')).toBe('b.yaml');
  });
});
