// Renders <pg-connection-dialog> in each mode and theme at 1024 px and 360 px into screenshots/*.png,
// with playwright-core driving the system's Chromium (never a downloaded browser).
import { createServer } from 'node:http';
import { mkdir, readFile, rm } from 'node:fs/promises';
import { extname, join } from 'node:path';
import { build } from 'esbuild';
import { chromium } from 'playwright-core';
import { bundleOptions, chromiumOptions, here } from './support.mjs';

const out = join(here, '.screenshots-build');
const shots = join(here, 'screenshots');

await rm(out, { recursive: true, force: true });
await build({ ...bundleOptions, entryPoints: [join(here, 'scripts/demo-entry.ts')], outdir: out });

const page = `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>pgconnect</title><style>html,body{margin:0;height:100%;font-family:system-ui}</style></head>
<body><script type="module" src="/demo-entry.js"></script></body></html>`;
const server = createServer(async (req, res) => {
  const path = new URL(req.url, 'http://x').pathname;
  if (path === '/') {
    res.writeHead(200, { 'content-type': 'text/html' }).end(page);
    return;
  }
  try {
    const body = await readFile(join(out, path));
    res.writeHead(200, { 'content-type': extname(path) === '.js' ? 'text/javascript' : 'application/octet-stream' }).end(body);
  } catch {
    res.writeHead(404).end();
  }
});
await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
const { port } = server.address();

const browser = await chromium.launch(chromiumOptions);
await mkdir(shots, { recursive: true });
const states = (process.env.STATES ?? 'parameters,string,string-error,advanced,success,failure').split(',');
const themes = (process.env.THEMES ?? 'light,dark,vscode').split(',');
const widths = (process.env.WIDTHS ?? '1024,360').split(',').map(Number);
try {
  for (const width of widths) {
    const context = await browser.newContext({ viewport: { width, height: width > 500 ? 900 : 780 }, deviceScaleFactor: 1 });
    const tab = await context.newPage();
    tab.on('pageerror', (error) => console.error(`page error: ${error.message}`));
    for (const theme of themes) {
      for (const state of states) {
        await tab.goto(`http://127.0.0.1:${port}/?state=${state}&theme=${theme}`);
        await tab.waitForSelector('body[data-ready="true"]', { timeout: 10_000 });
        await tab.waitForTimeout(150);
        const file = join(shots, `${state}-${theme}-${width}.png`);
        await tab.screenshot({ path: file });
        console.log(file);
      }
    }
    await context.close();
  }
} finally {
  await browser.close();
  server.close();
  await rm(out, { recursive: true, force: true });
}
