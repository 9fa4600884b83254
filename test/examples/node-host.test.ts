/**
 * examples/node-host really works: its page carries a token, the bridge mounted on the app's server answers
 * `hello` with a valid proof in server mode, refuses a wrong token and a foreign origin, and the page itself
 * reaches `ready` in Chromium and runs Test Connection through it.
 */
import http from 'node:http';
import { chromium, type Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startNodeHost, type NodeHost } from '../../examples/node-host/server.js';
import { CHROMIUM_ARGS, testRefusedConnection, greet, tokenFromPage, upgradeStatus } from './bridge-greeting.js';

describe('examples/node-host', () => {
  let host: NodeHost;
  let browser: Browser | undefined;
  let html: string;
  let token: string;
  const origin = () => new URL(host.url).origin;

  beforeAll(async () => {
    host = await startNodeHost();
    html = await (await fetch(host.url)).text();
    token = tokenFromPage(html) ?? '';
  });
  afterAll(async () => {
    await browser?.close();
    await host?.close();
  });

  it('serves its page with a token, and never to a foreign Host', async () => {
    expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(html).toContain('<script type="module" src="/assets/main.js">');
    // fetch() may not set Host; a DNS-rebound name arrives exactly like this.
    expect(await statusWithHost(host.url, 'attacker.example')).toBe(403);
  });

  it('answers hello with the HMAC proof, in server mode', async () => {
    const { result, expectedProof, protocol } = await greet(host.ws, token, origin());
    expect(protocol).toBe('pgconnect.v1');
    expect(result).toMatchObject({ type: 'hello.result', v: 1, mode: 'server', proof: expectedProof });
    // Server mode: no certificate or key paths for pages the app serves to others.
    expect(result.capabilities).not.toContain('filePaths');
  });

  it('refuses a wrong token (401) and a foreign origin (403) before the upgrade', async () => {
    expect(await upgradeStatus(host.ws, 'x'.repeat(43), origin())).toBe(401);
    expect(await upgradeStatus(host.ws, token, 'http://evil.example')).toBe(403);
  });

  it('the page connects and verifies the bridge in Chromium', async () => {
    browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROMIUM_ARGS });
    const page = await browser.newPage();
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(error.message));
    await page.goto(host.url);
    await page.waitForSelector('body[data-bridge="ready"]', { timeout: 20_000 });
    expect(await page.textContent('#status')).toContain('server mode');
    // The page read its token once and dropped it from the DOM.
    expect(await page.evaluate("document.documentElement.outerHTML.includes('pgconnect-token')")).toBe(false);
    // Test Connection from the dialog runs in the bridge mounted on the app's server.
    expect(await testRefusedConnection(page)).toContain('NET_REFUSED');
    expect(errors).toEqual([]);
  });
});

function statusWithHost(url: string, hostHeader: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = http.get(url, { headers: { host: hostHeader } }, (res) => {
      res.resume();
      resolve(res.statusCode ?? 0);
    });
    req.once('error', reject);
  });
}
