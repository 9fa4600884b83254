/**
 * A real browser against the bridge's gate (security.md §3 item 9): a page from an origin the bridge does not
 * list cannot open the bridge's WebSocket — neither with a guessed token nor with the real one — while the listed
 * origin with the real token can. Both pages are served on loopback from two small HTTP servers on different
 * ports, so they are two origins to Chromium; the bridge lists only the first.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SUBPROTOCOL, TOKEN_SUBPROTOCOL_PREFIX } from '@pgconnect/core';
import { createBridge, type Bridge } from '../../packages/bridge/src/index.js';
import { memoryLogger } from '../../packages/bridge/src/log/logger.js';
import { makeTempDir, removeTempDir } from '../harness/index.js';
import { launchBrowser, type Browser } from './support/browser.js';

let allowed: http.Server;
let evil: http.Server;
let bridge: Bridge;
let browser: Browser;
let dir: string;
const log = memoryLogger();

/** A page server: any path answers an empty HTML page. */
async function pageServer(): Promise<{ server: http.Server; origin: string }> {
  const server = http.createServer((_req, res) => {
    res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' });
    res.end('<!doctype html><title>page</title>');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}` };
}

async function stop(server: http.Server | undefined): Promise<void> {
  if (!server) return;
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
}

let allowedOrigin: string;
let evilOrigin: string;
let bridgeUrl: string;

beforeAll(async () => {
  dir = await makeTempDir('e2e-bridge-origin');
  ({ server: allowed, origin: allowedOrigin } = await pageServer());
  ({ server: evil, origin: evilOrigin } = await pageServer());
  bridge = createBridge({ origins: [allowedOrigin], logger: log.logger, stores: { userDir: dir, secretStore: 'encrypted-file', env: {} } });
  ({ url: bridgeUrl } = await bridge.listen());
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
  await bridge?.close();
  await Promise.all([stop(allowed), stop(evil)]);
  if (dir) await removeTempDir(dir);
});

/** Opens the bridge's socket from the page at `origin` and reports the first of open / error / close. */
async function openFrom(origin: string, token: string): Promise<{ first: string; events: string[] }> {
  const { page } = browser;
  await page.goto(`${origin}/`);
  return page.evaluate(
    ({ url, protocols }) =>
      new Promise<{ first: string; events: string[] }>((resolve) => {
        const events: string[] = [];
        const ws = new WebSocket(url, protocols);
        const settle = () => resolve({ first: events[0] ?? 'none', events });
        ws.onopen = () => {
          events.push('open');
          ws.close();
        };
        ws.onerror = () => events.push('error');
        ws.onclose = (event) => {
          events.push(`close:${event.code}`);
          settle();
        };
      }),
    { url: bridgeUrl, protocols: [SUBPROTOCOL, `${TOKEN_SUBPROTOCOL_PREFIX}${token}`] },
  );
}

describe('the bridge seen from a browser', () => {
  it('refuses a page on an unlisted origin that guesses the token: error, never open', async () => {
    const guessed = await openFrom(evilOrigin, 'A'.repeat(bridge.token.length));
    expect(guessed.first).toBe('error');
    expect(guessed.events).not.toContain('open');
    expect(bridge.sessionCount).toBe(0);
  });

  it('refuses a page on an unlisted origin even with the real token', async () => {
    const stolen = await openFrom(evilOrigin, bridge.token);
    expect(stolen.first).toBe('error');
    expect(stolen.events).not.toContain('open');
    expect(bridge.sessionCount).toBe(0);
    // The gate said why (403 for the origin), and never logged the token it was shown.
    expect(log.lines.join('\n')).toMatch(/"status":403/);
    expect(log.lines.join('\n')).not.toContain(bridge.token);
  });

  it('opens for the listed origin with the real token', async () => {
    const ok = await openFrom(allowedOrigin, bridge.token);
    expect(ok.first).toBe('open');
  });
});
