import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

const require = createRequire(import.meta.url);

/** The prebuilt browser bundles the page inlines, in load order (vega-embed reads the other two). */
const BUNDLES = [
  { pkg: 'vega', file: 'vega.min.js' },
  { pkg: 'vega-lite', file: 'vega-lite.min.js' },
  { pkg: 'vega-embed', file: 'vega-embed.min.js' },
] as const;

let cached: string | undefined;

/**
 * The JavaScript that makes a page's charts interactive: the packages' own minified UMD builds
 * (`build/*.min.js`, about 830 kB together), read from node_modules at run time rather than bundled
 * at build time, so the versions are exactly those package.json pins. Read once per process. The
 * packages' `exports` hide `build/`, so each is found beside its resolved entry point.
 */
export function chartRuntime(): string {
  if (cached === undefined) {
    cached = BUNDLES.map(({ pkg, file }) => {
      const text = readFileSync(join(dirname(require.resolve(pkg)), file), 'utf8');
      // A literal "</script" would end the inline element early; none ships today, but make sure.
      return text.replace(/<\/script/gi, '<\\/script');
    }).join('\n;\n');
  }
  return cached;
}
