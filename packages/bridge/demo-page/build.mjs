// Builds the demo page's bundle into packages/bridge/dist/demo-page/assets: demo.js (with its lazily loaded
// chunks) and demo.css. `pgconnect demo` serves it; scripts/setup.sh runs this.
import { rm } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const here = (path) => fileURLToPath(new URL(path, import.meta.url));
const outdir = here('../dist/demo-page/assets');

await rm(outdir, { recursive: true, force: true });
await build({
  entryPoints: [
    { in: here('main.ts'), out: 'demo' },
    { in: here('demo.css'), out: 'demo' },
  ],
  outdir,
  bundle: true,
  // The dialog loads its Advanced drawer and privilege report on demand; keep them as chunks.
  splitting: true,
  format: 'esm',
  platform: 'browser',
  target: 'es2022',
  minify: true,
  sourcemap: true,
  // Each file is compiled with its own nearest tsconfig.json: the components need their decorator settings,
  // and both tsconfigs map @pgconnect/* to the packages' sources.
  logLevel: 'warning',
  legalComments: 'linked',
});
