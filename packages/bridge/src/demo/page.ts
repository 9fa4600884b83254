/**
 * Serves the demo page from the bridge's own origin: the HTML, rendered per request with the bridge token and
 * the demo's facts injected, and the page's bundle (built by `demo-page/build.mjs`) from disk.
 *
 * The token is in the HTML, so the HTML is the thing to guard: only a request whose Host is one of the bridge's
 * loopback names gets it (a DNS-rebound name is refused, as the WebSocket gate refuses it), it is never cached,
 * and a strict CSP lets the page run only its own script and talk only to its own bridge.
 */
import { existsSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import { loopbackHosts } from '../server/http-upgrade.js';
import { serveStatic, type RequestHandler } from '../server/static.js';
import { FACTS_ELEMENT_ID, TOKEN_META_NAME, type DemoPageFacts } from './page-facts.js';

/** `packages/bridge/dist/demo-page`: src/demo and dist/demo are both two levels below the package root. */
export const DEFAULT_PAGE_DIR = fileURLToPath(new URL('../../dist/demo-page/', import.meta.url));

/** The bundle's entry, relative to the page dir; the HTML loads it and its stylesheet. */
const SCRIPT = '/assets/demo.js';
const STYLESHEET = '/assets/demo.css';

export interface DemoPageOptions {
  /** Where the built bundle is (`assets/demo.js`, `assets/demo.css` and its chunks). */
  pageDir: string;
  token: string;
  facts: DemoPageFacts;
  /** The bridge's port; known once it listens, and needed for the Host check and the CSP. */
  port(): number | undefined;
}

/** Throws with a hint when the page has not been built. */
export function checkPageBuilt(pageDir: string): void {
  for (const file of [SCRIPT, STYLESHEET]) {
    if (!existsSync(join(pageDir, file))) {
      throw new Error(`The demo page has not been built (${join(pageDir, file)} is missing).\nHint: run npm run setup, or node packages/bridge/demo-page/build.mjs.`);
    }
  }
}

export function demoPageHandler(options: DemoPageOptions): RequestHandler {
  const assets = serveStatic(options.pageDir);
  return (req, res) => {
    const port = options.port();
    const host = req.headers.host?.toLowerCase();
    if (port === undefined || host === undefined || !loopbackHosts(port).includes(host)) return plain(res, 403, 'host not allowed');
    const pathname = (req.url ?? '/').split('?')[0] ?? '/';
    if (pathname === '/' || pathname === '/index.html') return page(req, res, options, port);
    if (pathname.startsWith('/assets/')) return assets(req, res);
    return plain(res, 404, 'not found');
  };
}

/** The page's CSP: its own scripts and stylesheets, its own bridge, nothing else; no framing, no forms, no base. */
export function contentSecurityPolicy(port: number): string {
  // The bridge listens on 127.0.0.1, reached as that or as localhost. (CSP has no syntax for IPv6 literals.)
  const bridges = [`ws://127.0.0.1:${port}`, `ws://localhost:${port}`];
  return [
    "default-src 'none'",
    "script-src 'self'",
    "style-src 'self'",
    // Lit templates carry a few static style="" attributes; no <style> element or inline script is allowed.
    "style-src-attr 'unsafe-inline'",
    "img-src 'self' data:",
    "font-src 'self'",
    `connect-src ${bridges.join(' ')}`,
    "base-uri 'none'",
    "form-action 'none'",
    "frame-ancestors 'none'",
  ].join('; ');
}

export function renderPage(token: string, facts: DemoPageFacts): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="${TOKEN_META_NAME}" content="${escapeAttribute(token)}">
<title>pgconnect demo</title>
<link rel="icon" href="data:,">
<link rel="stylesheet" href="${STYLESHEET}">
<script type="application/json" id="${FACTS_ELEMENT_ID}">${jsonForScript(facts)}</script>
<script type="module" src="${SCRIPT}"></script>
</head>
<body>
<noscript>The pgconnect demo page needs JavaScript.</noscript>
<div id="app"></div>
</body>
</html>
`;
}

function page(req: IncomingMessage, res: ServerResponse, options: DemoPageOptions, port: number): void {
  if (req.method !== 'GET' && req.method !== 'HEAD') return plain(res, 405, 'method not allowed', { Allow: 'GET, HEAD' });
  const body = renderPage(options.token, options.facts);
  res.writeHead(200, {
    'Content-Type': 'text/html; charset=utf-8',
    'Content-Length': Buffer.byteLength(body),
    'Content-Security-Policy': contentSecurityPolicy(port),
    // The HTML carries the token: never stored, never framed, never shared with another window's origin.
    'Cache-Control': 'no-store',
    'X-Frame-Options': 'DENY',
    'X-Content-Type-Options': 'nosniff',
    'Referrer-Policy': 'no-referrer',
    'Cross-Origin-Opener-Policy': 'same-origin',
    'Cross-Origin-Resource-Policy': 'same-origin',
  });
  res.end(req.method === 'HEAD' ? undefined : body);
}

function plain(res: ServerResponse, status: number, text: string, headers: Record<string, string> = {}): void {
  res.writeHead(status, { ...headers, 'Content-Type': 'text/plain; charset=utf-8', 'X-Content-Type-Options': 'nosniff', 'Cache-Control': 'no-store' });
  res.end(`${text}\n`);
}

function escapeAttribute(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** JSON inside a `<script>` data block: nothing in it may close the element or open a comment. */
function jsonForScript(value: unknown): string {
  return JSON.stringify(value)
    .replace(/</g, '\\u003c')
    .replace(/>/g, '\\u003e')
    .replace(/&/g, '\\u0026')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029');
}
