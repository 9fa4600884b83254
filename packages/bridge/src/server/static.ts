/**
 * `serveStatic(dir)`: the small file server a bridge-served page needs (the demo), as an `onRequest` handler.
 * GET and HEAD only, no directory listings, no path outside `dir`, and headers that keep the page from being
 * framed or read by other sites (security.md §4 "Browser side"; webpack-dev-server CVE-2025-30359).
 */
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { extname, join, resolve, sep } from 'node:path';

export type RequestHandler = (req: IncomingMessage, res: ServerResponse) => void;

const CONTENT_TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.txt': 'text/plain; charset=utf-8',
};

const SECURITY_HEADERS = {
  'X-Content-Type-Options': 'nosniff',
  'Cross-Origin-Resource-Policy': 'same-origin',
  'Referrer-Policy': 'no-referrer',
  // The page talks to its own origin only (the bridge); nothing may frame it.
  'Content-Security-Policy': "default-src 'self'; connect-src 'self'; style-src 'self' 'unsafe-inline'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'",
};

export function serveStatic(dir: string, options: { index?: string } = {}): RequestHandler {
  const root = resolve(dir);
  const index = options.index ?? 'index.html';
  return (req, res) => {
    void serve(root, index, req, res).catch(() => {
      if (!res.headersSent) answer(res, 500, 'internal error');
      else res.destroy();
    });
  };
}

async function serve(root: string, index: string, req: IncomingMessage, res: ServerResponse): Promise<void> {
  if (req.method !== 'GET' && req.method !== 'HEAD') return answer(res, 405, 'method not allowed', { Allow: 'GET, HEAD' });
  // A cross-site page may not pull our scripts in with <script src> and read what they define.
  if (req.headers['sec-fetch-site'] === 'cross-site' && req.headers['sec-fetch-mode'] === 'no-cors') return answer(res, 403, 'forbidden');
  const file = await locate(root, index, req.url ?? '/');
  if (file === undefined) return answer(res, 404, 'not found');
  res.writeHead(200, {
    ...SECURITY_HEADERS,
    'Content-Type': CONTENT_TYPES[extname(file.path).toLowerCase()] ?? 'application/octet-stream',
    'Content-Length': file.size,
    'Cache-Control': 'no-cache',
  });
  if (req.method === 'HEAD') return void res.end();
  const stream = createReadStream(file.path);
  stream.on('error', () => res.destroy());
  stream.pipe(res);
}

async function locate(root: string, index: string, url: string): Promise<{ path: string; size: number } | undefined> {
  let pathname: string;
  try {
    pathname = decodeURIComponent(new URL(url, 'http://bridge.invalid').pathname);
  } catch {
    return undefined;
  }
  if (pathname.includes('\0')) return undefined;
  const candidate = resolve(root, `.${pathname}`);
  if (candidate !== root && !candidate.startsWith(root + sep)) return undefined;
  try {
    const info = await stat(candidate);
    if (info.isFile()) return { path: candidate, size: info.size };
    if (!info.isDirectory()) return undefined;
    const inner = join(candidate, index);
    const innerInfo = await stat(inner);
    return innerInfo.isFile() ? { path: inner, size: innerInfo.size } : undefined;
  } catch {
    return undefined;
  }
}

function answer(res: ServerResponse, status: number, text: string, headers: Record<string, string> = {}): void {
  res.writeHead(status, { ...SECURITY_HEADERS, ...headers, 'Content-Type': 'text/plain; charset=utf-8', 'Content-Length': Buffer.byteLength(text) + 1 });
  res.end(`${text}\n`);
}
