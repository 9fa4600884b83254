// What the measuring and screenshot scripts share: core resolved from source, the production bundle of
// <pg-connection-dialog>, and the system's Chromium (never a downloaded browser) with the flags they run it with.
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

/** The components package folder. */
export const here = fileURLToPath(new URL('..', import.meta.url));

export const coreFromSource = {
  name: 'core-from-source',
  setup(b) {
    b.onResolve({ filter: /^@pgconnect\/core(\/.*)?$/ }, (args) => {
      const sub = args.path.slice('@pgconnect/core'.length);
      // Core's package.json declares "sideEffects": false; a plugin-resolved path has to say so itself.
      return { path: join(here, '../core/src', sub ? sub.replace(/\.js$/, '.ts') : 'index.ts'), sideEffects: false };
    });
  },
};

/** The esbuild options every script bundles with; each adds its entry points and output. */
export const bundleOptions = {
  bundle: true,
  splitting: true,
  format: 'esm',
  tsconfig: join(here, 'tsconfig.json'),
  conditions: ['production'],
  plugins: [coreFromSource],
  logLevel: 'warning',
};

/**
 * <pg-connection-dialog> with every sub-element as a page ships it: minified, split, lazy chunks kept lazy.
 * Kept in memory (`outputFiles`, paths under `outdir`), with a metafile.
 */
export function bundleDialog(outdir) {
  return build({
    ...bundleOptions,
    entryPoints: { 'pg-connection-dialog': join(here, 'src/connection-dialog/pg-connection-dialog.ts') },
    minify: true,
    target: 'es2022',
    write: false,
    metafile: true,
    outdir,
  });
}

/** For playwright-core's `chromium.launch()` and `launchPersistentContext()`. */
export const chromiumOptions = {
  executablePath: '/usr/bin/chromium',
  args: ['--headless=new', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
};
