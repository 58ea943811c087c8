import { existsSync, readFileSync, statSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { dirname, extname, join, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Command } from 'commander';
import { UserError } from '../errors.js';

/** Content types of the files `npm run build:web` writes. */
const CONTENT_TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.json': 'application/json',
};

export interface ServeOptions {
  /** The folder served: dist/web of this package unless given. */
  root?: string;
  /** 0 picks a free port. */
  port: number;
  host: string;
}

export interface RunningServer {
  /** http://host:port/ as the server really listens (the port chosen when 0 was asked). */
  url: string;
  /** Stops listening and ends open connections. */
  close(): Promise<void>;
}

/** dist/web of the kubesim package this module belongs to (found from its own path, src or dist). */
export function defaultWebRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(join(dir, 'package.json'))) {
    const up = dirname(dir);
    if (up === dir) throw new Error('invariant: kubesim is installed without its package.json');
    dir = up;
  }
  return join(dir, 'dist', 'web');
}

/**
 * Serves the playground's static files (GET and HEAD only; nothing outside `root` is ever read, and
 * `/` is index.html). Refuses, as a UserError, to start without a built playground or on a port
 * that is taken.
 */
export async function servePlayground(options: ServeOptions): Promise<RunningServer> {
  const root = resolve(options.root ?? defaultWebRoot());
  if (!existsSync(join(root, 'index.html')))
    throw new UserError(
      `Cannot serve the playground: ${join(root, 'index.html')} is missing; build it with \`npm run build:web\` (\`npm run build\` does it too)`,
    );
  const server = createServer((req, res) => answer(root, req, res));
  await new Promise<void>((done, fail) => {
    server.once('error', (e: NodeJS.ErrnoException) =>
      fail(
        e.code === 'EADDRINUSE' || e.code === 'EACCES' || e.code === 'EADDRNOTAVAIL'
          ? new UserError(
              `Cannot serve on ${options.host}:${options.port}: ${e.message}; pick another --port or --host`,
            )
          : e,
      ),
    );
    server.listen(options.port, options.host, done);
  });
  const address = server.address() as AddressInfo;
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  return {
    url: `http://${host}:${address.port}/`,
    close: () =>
      new Promise<void>((done) => {
        server.close(() => done());
        server.closeAllConnections();
      }),
  };
}

function answer(root: string, req: IncomingMessage, res: ServerResponse): void {
  if (req.method !== 'GET' && req.method !== 'HEAD') {
    res.writeHead(405, { Allow: 'GET, HEAD' }).end();
    return;
  }
  const file = fileFor(root, req.url ?? '/');
  if (file === undefined) {
    res.writeHead(404, { 'Content-Type': 'text/plain; charset=utf-8' }).end('not found\n');
    return;
  }
  const body = readFileSync(file);
  res.writeHead(200, {
    'Content-Type': CONTENT_TYPES[extname(file)] ?? 'application/octet-stream',
    'Content-Length': body.length,
    'Cache-Control': 'no-cache',
    'X-Content-Type-Options': 'nosniff',
  });
  res.end(req.method === 'HEAD' ? undefined : body);
}

/** The regular file under `root` that a request's path names, or undefined (outside, missing, a folder). */
function fileFor(root: string, url: string): string | undefined {
  let path: string;
  try {
    path = decodeURIComponent(new URL(url, 'http://localhost').pathname);
  } catch {
    return undefined; // a malformed %-escape
  }
  const file = resolve(root, `.${path.endsWith('/') ? `${path}index.html` : path}`);
  if (!file.startsWith(root + sep)) return undefined;
  return existsSync(file) && statSync(file).isFile() ? file : undefined;
}

/** Resolves with the first of `signals` the process receives (its handlers removed again). */
function untilSignal(signals: readonly NodeJS.Signals[]): Promise<NodeJS.Signals> {
  return new Promise((done) => {
    const handler = (signal: NodeJS.Signals): void => {
      for (const s of signals) process.off(s, handler);
      done(signal);
    };
    for (const s of signals) process.on(s, handler);
  });
}

/** Parses --port: a whole number 0–65535. */
function parsePort(text: string): number {
  const port = Number(text);
  if (!/^\d+$/.test(text) || port > 65_535)
    throw new UserError(
      `Cannot serve: --port must be a whole number from 0 to 65535: current value is "${text}"`,
    );
  return port;
}

export function registerServeCommand(program: Command): void {
  program
    .command('serve')
    .description('serve the browser playground (dist/web) over HTTP until Ctrl-C')
    .option('--port <port>', 'TCP port (0: any free one)', '8080')
    .option('--host <host>', 'address to listen on', '127.0.0.1')
    .action(async (opts: { port: string; host: string }) => {
      const server = await servePlayground({ port: parsePort(opts.port), host: opts.host });
      process.stdout.write(`kubesim playground: ${server.url} (Ctrl-C stops)\n`);
      const signal = await untilSignal(['SIGINT', 'SIGTERM']);
      await server.close();
      process.stdout.write(`kubesim playground: stopped (${signal})\n`);
    });
}
