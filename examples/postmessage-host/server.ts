/**
 * An IDE-webview-shaped host, in a browser: a host page holds the bridge token, opens the WebSocket (and checks
 * the bridge's HMAC proof), and embeds the dialog page in an iframe from another origin. The dialog talks to
 * the host with `PostMessageTransport` over a `MessagePort`; the host relays frames to the WebSocket and back.
 * The iframe never sees the token, and its origin is not on the bridge's allowlist, so even a compromised
 * dialog page cannot reach the bridge except through the host.
 *
 * This is the shape of a VS Code extension: the host page plays the extension host (`webview.postMessage`,
 * `webview.onDidReceiveMessage`), the iframe plays the webview (`acquireVsCodeApi().postMessage`).
 *
 * Run it: `npx tsx examples/postmessage-host/server.ts [--port N]` (after `npm run setup`).
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createBridge, Logger, loopbackHosts, type Bridge } from '@pgconnect/bridge';
import { build } from 'esbuild';

export interface PostMessageHostOptions {
  /** The host page's (and bridge's) port on 127.0.0.1. Default: any free port. */
  port?: number;
  /** Where saved connections and the encrypted secret file go. Default: a new temp directory, deleted on close. */
  dataDir?: string;
}

export interface PostMessageHost {
  /** The host page (same origin as the bridge). */
  url: string;
  /** The dialog page the host embeds; another origin. */
  dialogUrl: string;
  bridge: Bridge;
  close(): Promise<void>;
}

export async function startPostMessageHost(options: PostMessageHostOptions = {}): Promise<PostMessageHost> {
  const assets = await buildPages();
  const ownDir = options.dataDir === undefined;
  const dataDir = options.dataDir ?? (await mkdtemp(join(tmpdir(), 'pgconnect-postmessage-host-')));

  // The dialog's own server: a second port is a second origin, as a VS Code webview has its own origin.
  const dialogServer = http.createServer({ requestTimeout: 10_000, headersTimeout: 10_000 });
  await listen(dialogServer, 0);
  const dialogPort = (dialogServer.address() as AddressInfo).port;
  const dialogOrigin = `http://127.0.0.1:${dialogPort}`;

  // The bridge listens by itself (local mode) and serves the host page; its default origin allowlist is its own
  // loopback origins, which is exactly the host page and not the dialog.
  let hostPort = 0;
  const bridge = createBridge({
    stores: { userDir: dataDir, secretStore: 'encrypted-file', env: {} },
    logger: new Logger(undefined, undefined, 'warn'),
    onRequest(req, res) {
      if (!loopbackHosts(hostPort).includes(req.headers.host?.toLowerCase() ?? '')) return send(res, 403, 'text/plain', 'host not allowed\n');
      const pathname = (req.url ?? '/').split('?')[0] ?? '/';
      if (pathname === '/') {
        return send(res, 200, 'text/html; charset=utf-8', hostPage(bridge.token, dialogOrigin), {
          'Cache-Control': 'no-store',
          'Content-Security-Policy': [
            "default-src 'none'",
            "script-src 'self'",
            "style-src 'unsafe-inline'",
            `connect-src ws://127.0.0.1:${hostPort} ws://localhost:${hostPort}`,
            `frame-src ${dialogOrigin}`,
            "base-uri 'none'",
            "frame-ancestors 'none'",
          ].join('; '),
        });
      }
      const asset = pathname === '/host.js' ? assets.get('/assets/host.js') : undefined;
      if (asset) return send(res, 200, 'text/javascript; charset=utf-8', asset);
      send(res, 404, 'text/plain', 'not found\n');
    },
  });
  const listening = await bridge.listen({ port: options.port ?? 0 });
  hostPort = listening.port;
  const hostOrigins = [`http://127.0.0.1:${hostPort}`, `http://localhost:${hostPort}`];

  dialogServer.on('request', (req, res) => {
    const pathname = (req.url ?? '/').split('?')[0] ?? '/';
    if (pathname === '/') {
      return send(res, 200, 'text/html; charset=utf-8', dialogPage(hostOrigins), {
        'Cache-Control': 'no-store',
        // No connect-src at all: the dialog reaches the bridge only through its MessagePort to the host.
        'Content-Security-Policy': [
          "default-src 'none'",
          "script-src 'self'",
          "style-src 'self' 'unsafe-inline'",
          "base-uri 'none'",
          "form-action 'none'",
          `frame-ancestors ${hostOrigins.join(' ')}`,
        ].join('; '),
      });
    }
    const asset = pathname.startsWith('/assets/') && pathname !== '/assets/host.js' ? assets.get(pathname) : undefined;
    if (asset) return send(res, 200, 'text/javascript; charset=utf-8', asset);
    send(res, 404, 'text/plain', 'not found\n');
  });

  return {
    url: `http://127.0.0.1:${hostPort}/`,
    dialogUrl: `${dialogOrigin}/`,
    bridge,
    async close() {
      await bridge.close();
      await new Promise<void>((resolve) => {
        dialogServer.close(() => resolve());
        dialogServer.closeAllConnections();
      });
      if (ownDir) await rm(dataDir, { recursive: true, force: true });
    },
  };
}

function hostPage(token: string, dialogOrigin: string): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="pgconnect-token" content="${token}">
<meta name="pgconnect-dialog-origin" content="${dialogOrigin}">
<title>Host · pgconnect postMessage example</title>
<script type="module" src="/host.js"></script>
</head>
<body style="font-family: system-ui, sans-serif; margin: 0">
<header style="padding: .5rem 1rem; border-bottom: 1px solid #ccc">Host (holds the token) · bridge: <output id="status">connecting</output></header>
<iframe id="dialog" title="pgconnect" src="${dialogOrigin}/" style="border: 0; width: 100%; height: calc(100vh - 3rem)"></iframe>
</body>
</html>
`;
}

function dialogPage(hostOrigins: readonly string[]): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="pgconnect-host-origins" content="${hostOrigins.join(' ')}">
<title>pgconnect dialog</title>
<script type="module" src="/assets/dialog.js"></script>
</head>
<body style="font-family: system-ui, sans-serif; margin: 1rem">
<p>Dialog page (no token) · <output id="status">waiting for the host</output></p>
<button id="new" type="button">New connection</button>
</body>
</html>
`;
}

/**
 * Both pages in memory: `host.js` as one file for the host page, `dialog.js` and its lazily loaded chunks for
 * the iframe. Two builds, so the host page never loads a chunk from the dialog's origin or the other way round.
 */
async function buildPages(): Promise<Map<string, string>> {
  const here = fileURLToPath(new URL('.', import.meta.url));
  const common = { outdir: '/assets', write: false, bundle: true, format: 'esm', platform: 'browser', target: 'es2022', minify: true, logLevel: 'warning' } as const;
  const [host, dialog] = await Promise.all([
    build({ ...common, entryPoints: { host: join(here, 'page/host.ts') } }),
    build({ ...common, entryPoints: { dialog: join(here, 'page/dialog.ts') }, splitting: true }),
  ]);
  const files = [...host.outputFiles, ...dialog.outputFiles];
  return new Map(files.map((file) => [file.path.slice(file.path.indexOf('/assets/')), file.text]));
}

function listen(server: http.Server, port: number): Promise<void> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen({ host: '127.0.0.1', port }, () => resolve());
  });
}

function send(res: http.ServerResponse, status: number, type: string, body: string, headers: Record<string, string> = {}): void {
  res.writeHead(status, { 'Content-Type': type, 'X-Content-Type-Options': 'nosniff', 'Referrer-Policy': 'no-referrer', ...headers });
  res.end(body);
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const portArg = process.argv.indexOf('--port');
  const host = await startPostMessageHost({ port: portArg > 0 ? Number(process.argv[portArg + 1]) : 0 });
  process.stdout.write(`postmessage-host example: open ${host.url}\n  the dialog page (embedded, no token) is ${host.dialogUrl}\nCtrl-C stops it.\n`);
  const stop = () => void host.close().then(() => process.exit(0));
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}
