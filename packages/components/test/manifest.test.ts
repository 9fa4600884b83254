import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { elementsInSource } from './elements.js';

const run = promisify(execFile);
const pkg = fileURLToPath(new URL('..', import.meta.url));
const cem = fileURLToPath(new URL('../../../node_modules/@custom-elements-manifest/analyzer/cem.js', import.meta.url));

interface Declaration {
  tagName?: string;
  customElement?: boolean;
  summary?: string;
  events?: { name: string }[];
}
interface Manifest {
  modules: { path: string; declarations?: Declaration[] }[];
}

let fresh: Manifest;
let dir: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'pgconnect-cem-'));
  // The analyzer joins --outdir onto the working directory, so it must be relative.
  await run(process.execPath, [cem, 'analyze', '--config', 'cem.config.mjs', '--outdir', relative(pkg, dir)], { cwd: pkg });
  fresh = JSON.parse(await readFile(join(dir, 'custom-elements.json'), 'utf8')) as Manifest;
});

afterAll(() => rm(dir, { recursive: true, force: true }));

const elements = (manifest: Manifest) =>
  new Map(manifest.modules.flatMap((m) => (m.declarations ?? []).filter((d) => d.customElement && d.tagName).map((d) => [d.tagName!, d] as const)));

describe('custom-elements.json', () => {
  it('is what the analyzer writes from the current sources (run `npm run manifest` after changing the JSDoc)', async () => {
    const committed = JSON.parse(await readFile(join(pkg, 'custom-elements.json'), 'utf8')) as Manifest;
    expect(committed).toEqual(fresh);
  });

  it('lists every element with a summary', async () => {
    const inSource = await elementsInSource();
    const listed = elements(fresh);
    expect([...listed.keys()].sort()).toEqual([...inSource.keys()].sort());
    for (const [tag, declaration] of listed) expect(declaration.summary, tag).toBeTruthy();
  });

  it('lists the events each element dispatches', async () => {
    const inSource = await elementsInSource();
    for (const [tag, declaration] of elements(fresh)) {
      const documented = new Set((declaration.events ?? []).map((e) => e.name));
      for (const event of inSource.get(tag)!.dispatches) expect(documented, `${tag} dispatches ${event}`).toContain(event);
    }
  });
});
