/**
 * A Node app that mounts the pgconnect bridge on its own HTTP server. The app serves its own page (which embeds
 * `<pg-connection-dialog>`) and `bridge.attach(server)` adds the bridge's WebSocket endpoint at `/pgconnect` on
 * the same origin. Attached, the bridge runs in server mode: the page may belong to anyone the app serves, so
 * whatever reads this machine's files or sockets (certificate and key paths, `passfile`, `service`, Unix sockets,
 * the SSH agent) and environment indirection other than `USER_DEFINED_*` are refused.
 *
 * Run it: `npx tsx examples/node-host/server.ts [--port N]` (after `npm run setup`, which builds the bridge).
 */
import { mkdtemp, rm } from 'node:fs/promises';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createBridge, Logger, loopbackHosts } from '@pgconnect/bridge';
import { build } from 'esbuild';

export interface NodeHostOptions {
  /** Default 0: any free port. The app listens on 127.0.0.1 only. */
  port?: number;
  /** Where saved connections and the encrypted secret file go. Default: a new temp directory, deleted on close. */
  dataDir?: string;
}

export interface NodeHost {
  /** The app's page. */
  url: string;
  /** The bridge's WebSocket URL (same origin as the page). */
  ws: string;
  close(): Promise<void>;
}

const TOKEN_META = 'pgconnect-token';
const BRIDGE_PATH = '/pgconnect';

export async function startNodeHost(options: NodeHostOptions = {}): Promise<NodeHost> {
  const assets = await buildPage();
  const ownDir = options.dataDir === undefined;
  const dataDir = options.dataDir ?? (await mkdtemp(join(tmpdir(), 'pgconnect-node-host-')));

  const server = http.createServer({ requestTimeout: 10_000, headersTimeout: 10_000 });
  const bridge = createBridge({
    path: BRIDGE_PATH,
    // Saved connections in the app's own folder, secrets in an encrypted file there (never the keychain of
    // whoever runs the app). A multi-user app passes its own stores instead (`OpenedStores`).
    stores: { userDir: dataDir, secretStore: 'encrypted-file', env: {} },
    // Default origins: the app's own loopback origins on its bound port. Behind a real name, list it exactly:
    // origins: ['https://app.example.com'], allowedHosts: ['app.example.com'].
    logger: new Logger(undefined, undefined, 'warn'),
  });

  server.on('request', (req, res) => {
    const port = (server.address() as AddressInfo).port;
    const pathname = (req.url ?? '/').split('?')[0];
    // The HTML carries the token: only to a Host the bridge itself accepts (a DNS-rebound name gets nothing).
    if (!loopbackHosts(port).includes(req.headers.host?.toLowerCase() ?? '')) return send(res, 403, 'text/plain', 'host not allowed\n');
    if (pathname === '/') {
      return send(res, 200, 'text/html; charset=utf-8', renderPage(bridge.token), {
        'Cache-Control': 'no-store',
        'Content-Security-Policy': csp(port),
      });
    }
    const asset = assets.get(pathname ?? '');
    if (asset) return send(res, 200, 'text/javascript; charset=utf-8', asset);
    send(res, 404, 'text/plain', 'not found\n');
  });
  // After the app's own `upgrade` listeners, if it has any: the bridge answers only its own path.
  bridge.attach(server);

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen({ host: '127.0.0.1', port: options.port ?? 0 }, () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/`,
    ws: bridge.url!,
    async close() {
      await bridge.close();
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
      if (ownDir) await rm(dataDir, { recursive: true, force: true });
    },
  };
}

/** Its own script, its own bridge, nothing else. */
function csp(port: number): string {
  return [
    "default-src 'none'",
    "script-src 'self'",
    "style-src 'self' 'unsafe-inline'",
    `connect-src ws://127.0.0.1:${port} ws://localhost:${port}`,
    "base-uri 'none'",
    "form-action 'none'",
    "frame-ancestors 'none'",
  ].join('; ');
}

function renderPage(token: string): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="${TOKEN_META}" content="${token}">
<title>My app · pgconnect</title>
<script type="module" src="/assets/main.js"></script>
</head>
<body style="font-family: system-ui, sans-serif; margin: 2rem">
<h1>My app</h1>
<p>Bridge: <output id="status">connecting</output></p>
<button id="new" type="button">New connection</button>
<pre id="result"></pre>
</body>
</html>
`;
}

/** Bundles `page/main.ts` (and the dialog's lazily loaded chunks) in memory; served under `/assets/`. */
async function buildPage(): Promise<Map<string, string>> {
  const here = fileURLToPath(new URL('.', import.meta.url));
  const result = await build({
    entryPoints: { main: join(here, 'page/main.ts') },
    outdir: '/assets',
    write: false,
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    minify: true,
    logLevel: 'warning',
  });
  return new Map(result.outputFiles.map((file) => [file.path.slice(file.path.indexOf('/assets/')), file.text]));
}

function send(res: http.ServerResponse, status: number, type: string, body: string, headers: Record<string, string> = {}): void {
  res.writeHead(status, { 'Content-Type': type, 'X-Content-Type-Options': 'nosniff', 'Referrer-Policy': 'no-referrer', ...headers });
  res.end(body);
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const portArg = process.argv.indexOf('--port');
  const host = await startNodeHost({ port: portArg > 0 ? Number(process.argv[portArg + 1]) : 0 });
  process.stdout.write(`node-host example: open ${host.url}\n  bridge (server mode) at ${host.ws}\nCtrl-C stops it.\n`);
  const stop = () => void host.close().then(() => process.exit(0));
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}
