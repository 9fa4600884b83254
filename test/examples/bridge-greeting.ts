/**
 * What the example tests check on the wire, the way a page does it: offer `pgconnect.v1` and
 * `pgconnect.token.<token>`, send `hello` with a fresh nonce, and check `proof = base64url(HMAC-SHA256(token,
 * nonce))` in `hello.result` (DESIGN §6). Also the refusals: the HTTP status a wrong token or origin gets.
 */
import { createHmac, randomBytes } from 'node:crypto';
import type { Frame, Page } from 'playwright-core';
import { WebSocket } from 'ws';

export interface Greeting {
  /** The raw `hello.result` frame. */
  result: Record<string, unknown>;
  /** What the bridge must have answered. */
  expectedProof: string;
  /** The subprotocol the bridge chose. */
  protocol: string;
}

export function greet(url: string, token: string, origin: string): Promise<Greeting> {
  const nonce = randomBytes(32).toString('base64url');
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url, ['pgconnect.v1', `pgconnect.token.${token}`], { origin });
    ws.once('error', reject);
    ws.once('open', () => ws.send(JSON.stringify({ type: 'hello', v: 1, nonce })));
    ws.once('message', (data: Buffer) => {
      const result = JSON.parse(data.toString('utf8')) as Record<string, unknown>;
      resolve({ result, expectedProof: createHmac('sha256', token).update(nonce).digest('base64url'), protocol: ws.protocol });
      ws.close();
    });
  });
}

/** The HTTP status an upgrade is refused with (or 101 when it is accepted). */
export function upgradeStatus(url: string, token: string, origin: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url, ['pgconnect.v1', `pgconnect.token.${token}`], { origin });
    ws.once('unexpected-response', (_req, res) => {
      resolve(res.statusCode ?? 0);
      res.resume();
      ws.terminate();
    });
    ws.once('open', () => {
      resolve(101);
      ws.close();
    });
    ws.once('error', (error) => reject(error));
  });
}

/** The token a page got in its `<meta name="pgconnect-token">`. */
export function tokenFromPage(html: string): string | undefined {
  return /<meta name="pgconnect-token" content="([A-Za-z0-9_-]+)">/.exec(html)?.[1];
}

export const CHROMIUM_ARGS = ['--headless=new', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

/** Page-side: the dialog element's native <dialog> is open (a string, as these files have no DOM types). */
export const DIALOG_OPEN = "document.querySelector('pg-connection-dialog')?.shadowRoot?.querySelector('dialog[open]') != null";

/**
 * Drives the dialog for real: Server name `127.0.0.1:1` (nothing listens there), a user, Test Connection. The
 * test runs in the bridge, so a refused TCP stage with NET_REFUSED proves the dialog reached it.
 */
export async function testRefusedConnection(root: Page | Frame): Promise<string> {
  await root.click('#new');
  await root.waitForFunction(DIALOG_OPEN, undefined, { timeout: 10_000 });
  await root.locator('pg-connection-dialog #server').fill('127.0.0.1:1');
  await root.locator('pg-connection-dialog pg-auth-settings #user').fill('alice');
  await root.locator('pg-connection-dialog .test-button').click();
  const failed = root.locator('pg-connection-dialog .test.failed');
  await failed.waitFor({ timeout: 20_000 });
  return (await failed.textContent()) ?? '';
}
