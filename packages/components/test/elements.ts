/** The elements as the sources define them: tag, file, and the events the file dispatches. */
import { readdir, readFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

export const src = fileURLToPath(new URL('../src/', import.meta.url));

export async function sourceFiles(suffix: string): Promise<string[]> {
  const entries = await readdir(src, { recursive: true });
  return entries.filter((f) => f.endsWith(suffix)).map((f) => join(src, f));
}

export interface ElementSource {
  file: string;
  /** Event names from `new PgXxxEvent(` in the file, mapped through the event modules. */
  dispatches: Set<string>;
}

export async function elementsInSource(): Promise<Map<string, ElementSource>> {
  const eventNames = new Map<string, string>();
  for (const file of await sourceFiles('.ts')) {
    if (!file.includes('/events/')) continue;
    const text = await readFile(file, 'utf8');
    const match = /export class (Pg\w+Event) extends Event[\s\S]*?super\('([\w-]+)'/.exec(text);
    if (match) eventNames.set(match[1]!, match[2]!);
  }
  const elements = new Map<string, ElementSource>();
  for (const file of await sourceFiles('.ts')) {
    if (/\.(test|stories|styles)\.ts$/.test(file)) continue;
    const text = await readFile(file, 'utf8');
    const tag = /@customElement\('([\w-]+)'\)/.exec(text)?.[1];
    if (!tag) continue;
    const dispatches = new Set([...text.matchAll(/new (Pg\w+Event)\(/g)].map((m) => eventNames.get(m[1]!)).filter((n): n is string => n !== undefined));
    elements.set(tag, { file: relative(src, file), dispatches });
  }
  return elements;
}
