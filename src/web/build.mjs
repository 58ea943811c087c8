// Bundles the browser playground (npm run build:web): src/web/main.ts and the engine it imports into
// one classic script, dist/web/app.js, beside a copy of index.html. A classic script (not a module) so
// that the page also works opened from disk (file://), where browsers refuse to load ES modules.
import { copyFileSync, mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const here = dirname(fileURLToPath(import.meta.url));
const out = join(here, '..', '..', 'dist', 'web');

/**
 * src/manifests/files.ts is the loader's one door to the host's file system and paths; in the
 * browser, src/web/no-files.ts takes its place (the page loads its YAML as text).
 */
const noFileSystem = {
  name: 'no-file-system',
  setup(b) {
    b.onResolve({ filter: /\/files\.js$/ }, (args) =>
      join(args.resolveDir, args.path) === join(here, '..', 'manifests', 'files.js')
        ? { path: join(here, 'no-files.ts') }
        : undefined,
    );
  },
};

mkdirSync(out, { recursive: true });
await build({
  entryPoints: [join(here, 'main.ts')],
  outfile: join(out, 'app.js'),
  bundle: true,
  platform: 'browser',
  format: 'iife',
  target: 'es2022',
  minify: true,
  legalComments: 'linked',
  loader: { '.yaml': 'text' },
  plugins: [noFileSystem],
  logLevel: 'warning',
});
copyFileSync(join(here, 'index.html'), join(out, 'index.html'));
process.stdout.write(`playground: ${join(out, 'index.html')}\n`);
