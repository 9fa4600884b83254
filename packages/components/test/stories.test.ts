import { readFile } from 'node:fs/promises';
import { relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { elementsInSource, sourceFiles, src } from './elements.js';

describe('stories', () => {
  it('exist for every element', async () => {
    const components = new Set<string>();
    for (const file of await sourceFiles('.stories.ts')) {
      const tag = /component: '([\w-]+)'/.exec(await readFile(file, 'utf8'))?.[1];
      if (tag) components.add(tag);
    }
    const missing = [...(await elementsInSource()).keys()].filter((tag) => !components.has(tag));
    expect(missing).toEqual([]);
  });

  it('are all rendered by the WTR smoke test (src/stories.test.ts)', async () => {
    const smoke = await readFile(`${src}stories.test.ts`, 'utf8');
    const imported = new Set([...smoke.matchAll(/from '\.\/([\w/-]+\.stories)\.js'/g)].map((m) => `${m[1]}.ts`));
    const files = (await sourceFiles('.stories.ts')).map((f) => relative(src, f));
    expect(files.filter((f) => !imported.has(f))).toEqual([]);
  });
});
