// Measures the initial JavaScript of <pg-connection-dialog> with every sub-element (DESIGN §8: ≤ 45 KB gzip),
// and the chunks loaded on demand (connection-string parsing, Browse Azure). Minified ESM, as a page ships it.
import { gzipSync } from 'node:zlib';
import { join } from 'node:path';
import { bundleDialog, here } from './support.mjs';

const BUDGET_GZIP = 45 * 1024;

const result = await bundleDialog(join(here, '.bundle-size'));

const outputs = result.outputFiles.map((file) => {
  const name = file.path.slice(file.path.lastIndexOf('/') + 1);
  const meta = result.metafile.outputs[Object.keys(result.metafile.outputs).find((k) => k.endsWith(`/${name}`))];
  return { name, raw: file.contents.byteLength, gzip: gzipSync(file.contents, { level: 9 }).byteLength, meta, contents: file.contents };
});

// Initial = the entry plus every chunk it imports statically (transitively); the rest is loaded on demand.
const byName = new Map(outputs.map((o) => [o.name, o]));
const initial = new Set();
const visit = (name) => {
  if (initial.has(name)) return;
  initial.add(name);
  for (const imp of byName.get(name)?.meta?.imports ?? []) if (imp.kind === 'import-statement') visit(imp.path.slice(imp.path.lastIndexOf('/') + 1));
};
visit('pg-connection-dialog.js');

const kb = (n) => `${(n / 1024).toFixed(1)} KB`;
const row = (label, raw, gzip) => console.log(`${label.padEnd(44)} ${kb(raw).padStart(10)} ${kb(gzip).padStart(10)}`);
console.log(`${'file'.padEnd(44)} ${'raw'.padStart(10)} ${'gzip'.padStart(10)}`);
for (const o of outputs) row(`${initial.has(o.name) ? 'initial ' : 'lazy    '}${o.name}`, o.raw, o.gzip);
const initialFiles = outputs.filter((o) => initial.has(o.name));
const all = Buffer.concat(initialFiles.map((o) => Buffer.from(o.contents)));
const initialRaw = initialFiles.reduce((n, o) => n + o.raw, 0);
const initialGzip = gzipSync(all, { level: 9 }).byteLength;
row('initial JavaScript (together)', initialRaw, initialGzip);
const withDrawer = outputs.filter((o) => initial.has(o.name) || /^(pg-ssl-settings|pg-ssh-settings|pg-permissions-view|chunk-)/.test(o.name) && !o.name.startsWith('conninfo'));
row('initial + Advanced drawer + privilege report', withDrawer.reduce((n, o) => n + o.raw, 0), gzipSync(Buffer.concat(withDrawer.map((o) => Buffer.from(o.contents))), { level: 9 }).byteLength);
const zodInitial = initialFiles.some((o) => Object.keys(o.meta?.inputs ?? {}).some((i) => i.includes('node_modules/zod')));
console.log(`zod in the initial bundle: ${zodInitial ? 'yes' : 'no'}`);
console.log(`budget ${kb(BUDGET_GZIP)} gzip: ${initialGzip <= BUDGET_GZIP ? 'within' : 'OVER'}`);
if (initialGzip > BUDGET_GZIP) process.exitCode = 1;
