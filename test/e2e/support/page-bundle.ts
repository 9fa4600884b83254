/**
 * The demo page's bundle, built from the current sources into a private temp dir, the way
 * `packages/bridge/demo-page/build.mjs` builds it for `npm start`. A private copy means the e2e run neither
 * depends on a stale `dist/` nor rewrites the one a concurrently running demo serves.
 */
import { copyFile, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const demoPage = (path: string) => fileURLToPath(new URL(`../../../packages/bridge/demo-page/${path}`, import.meta.url));

export interface PageBundle {
  /** What `startDemo({ pageDir })` takes: the folder holding `assets/`. */
  readonly dir: string;
  remove(): Promise<void>;
}

/**
 * `extraAssets` are copied next to the bundle and served from `/assets/NAME` by the page's own origin, so a test
 * can load a script (axe-core) without loosening the page's Content-Security-Policy.
 */
export async function buildDemoPage(extraAssets: readonly string[] = []): Promise<PageBundle> {
  const dir = await mkdtemp(join(tmpdir(), 'pgconnect-e2e-page-'));
  try {
    await build({
      entryPoints: [
        { in: demoPage('main.ts'), out: 'demo' },
        { in: demoPage('demo.css'), out: 'demo' },
      ],
      outdir: join(dir, 'assets'),
      bundle: true,
      splitting: true,
      format: 'esm',
      platform: 'browser',
      target: 'es2022',
      // Each file is compiled with its nearest tsconfig.json (the components' decorator settings, the path maps).
      logLevel: 'silent',
    });
    for (const asset of extraAssets) await copyFile(asset, join(dir, 'assets', basename(asset)));
  } catch (error) {
    await rm(dir, { recursive: true, force: true });
    throw error;
  }
  return { dir, remove: () => rm(dir, { recursive: true, force: true }) };
}
