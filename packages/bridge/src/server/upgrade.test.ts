/**
 * The upgrade gate (security.md §3 items 1–8, 13, 16, 17): Host, Origin and token are checked in the HTTP
 * `upgrade` handler, and a refused client never becomes a session.
 */
import { createHmac } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SUBPROTOCOL, TOKEN_SUBPROTOCOL_PREFIX } from '@pgconnect/core';
import { memoryLogger } from '../log/logger.js';
import { createBridge, type Bridge } from './bridge.js';
import { rawUpgradeStatus, TestClient, upgradeStatus } from './testing/ws-client.js';

const UI_ORIGIN = 'http://127.0.0.1:5173';
let bridge: Bridge;
let url: string;
let port: number;
const log = memoryLogger();

beforeAll(async () => {
  bridge = createBridge({ origins: [UI_ORIGIN], logger: log.logger, limits: { maxSessions: 3 } });
  ({ url, port } = await bridge.listen());
});

afterAll(async () => {
  await bridge?.close();
});

/** A correct handshake's headers, with one part changed by the test. */
function wsHeaders(overrides: Record<string, string> = {}): Record<string, string> {
  return { Origin: UI_ORIGIN, ...overrides };
}

const tokenProtocols = (token: string) => [SUBPROTOCOL, `${TOKEN_SUBPROTOCOL_PREFIX}${token}`];

describe('the upgrade gate', () => {
  it('listens on loopback only by default', async () => {
    expect(bridge.mode).toBe('local');
    expect(url).toBe(`ws://127.0.0.1:${port}/`);
  });

  it('accepts the allowed origin with the token and answers only pgconnect.v1', async () => {
    const client = await TestClient.open(url, { token: bridge.token, headers: wsHeaders() });
    expect(client.ws.protocol).toBe(SUBPROTOCOL);
    await client.close();
  });

  it('refuses a missing token with 401 and opens no session', async () => {
    const before = bridge.sessionCount;
    expect(await upgradeStatus(url, { protocols: [SUBPROTOCOL], headers: wsHeaders() })).toBe(401);
    expect(bridge.sessionCount).toBe(before);
  });

  it('refuses a wrong token of the same length and of other lengths with 401', async () => {
    const same = bridge.token.slice(0, -1) + (bridge.token.endsWith('A') ? 'B' : 'A');
    for (const token of [same, bridge.token.slice(1), `${bridge.token}x`, '']) {
      expect(await upgradeStatus(url, { protocols: tokenProtocols(token), headers: wsHeaders() })).toBe(401);
    }
  });

  it('refuses a token offered twice as ambiguous credentials', async () => {
    const protocols = [...tokenProtocols(bridge.token), `${TOKEN_SUBPROTOCOL_PREFIX}${bridge.token}x`];
    expect(await upgradeStatus(url, { protocols, headers: wsHeaders() })).toBe(401);
    // The same token twice, in one header and in two: ws's client refuses to send that, so a raw socket does.
    const base = [`Host: 127.0.0.1:${port}`, 'Upgrade: websocket', 'Connection: Upgrade', 'Sec-WebSocket-Version: 13', 'Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ=='];
    const tokenProtocol = `${TOKEN_SUBPROTOCOL_PREFIX}${bridge.token}`;
    expect(await rawUpgradeStatus(port, [...base, `Sec-WebSocket-Protocol: ${SUBPROTOCOL}, ${tokenProtocol}, ${tokenProtocol}`])).toBe(401);
    expect(await rawUpgradeStatus(port, [...base, `Sec-WebSocket-Protocol: ${SUBPROTOCOL}, ${tokenProtocol}`, `Sec-WebSocket-Protocol: ${tokenProtocol}`])).toBe(401);
    expect(await rawUpgradeStatus(port, [...base, `Sec-WebSocket-Protocol: ${SUBPROTOCOL}, ${tokenProtocol}`])).toBe(101);
  });

  it('refuses every origin that is not exactly on the list, even with the token', async () => {
    const bypasses = [
      'https://evil.example',
      'https://127.0.0.1.evil.example',
      `http://localhost.evil.example:${port}`,
      'null',
      'file://',
      'chrome-extension://x',
      'http://127.0.0.1:5174',
      'https://127.0.0.1:5173',
      'http://127.0.0.1:5173/',
      'HTTP://127.0.0.1:5173',
      'http://127.0.0.1:51730',
      `${UI_ORIGIN}.evil.example`,
    ];
    for (const origin of bypasses) {
      expect(await upgradeStatus(url, { token: bridge.token, headers: wsHeaders({ Origin: origin }) }), origin).toBe(403);
    }
  });

  it('lets a client without Origin in with the token, and not without it', async () => {
    expect(await upgradeStatus(url, { token: bridge.token })).toBe(101);
    expect(await upgradeStatus(url, { protocols: [SUBPROTOCOL] })).toBe(401);
  });

  it('refuses a DNS-rebinding Host even when Origin matches it and the token is right', async () => {
    const rebind = `rebind.example:${port}`;
    expect(await upgradeStatus(url, { token: bridge.token, headers: { Host: rebind, Origin: `http://${rebind}` } })).toBe(403);
  });

  it('refuses Host values that are not a loopback literal or localhost with the bound port', async () => {
    const hosts = ['localhost6', `localhost6:${port}`, `localhost.:${port}`, `LOCALHOST.evil.com:${port}`, '255.255.255.256', '[::z]', `0.0.0.0:${port}`, `127.0.0.1:${port + 1}`, 'evil'];
    for (const host of hosts) {
      expect(await upgradeStatus(url, { token: bridge.token, headers: { Host: host } }), host).toBe(403);
    }
    for (const host of [`127.0.0.1:${port}`, `localhost:${port}`, `[::1]:${port}`]) {
      expect(await upgradeStatus(url, { token: bridge.token, headers: { Host: host } }), host).toBe(101);
    }
  });

  it('ignores X-Forwarded-Host', async () => {
    expect(await upgradeStatus(url, { token: bridge.token, headers: { Host: 'evil', 'X-Forwarded-Host': `localhost:${port}` } })).toBe(403);
  });

  it('refuses a missing, empty or doubled Host header on a raw socket', async () => {
    const ws = ['Upgrade: websocket', 'Connection: Upgrade', 'Sec-WebSocket-Version: 13', 'Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==', `Sec-WebSocket-Protocol: ${SUBPROTOCOL}, ${TOKEN_SUBPROTOCOL_PREFIX}${bridge.token}`];
    expect(await rawUpgradeStatus(port, ws)).toBe(403);
    expect(await rawUpgradeStatus(port, ['Host: ', ...ws])).toBe(403);
    expect(await rawUpgradeStatus(port, [`Host: 127.0.0.1:${port}`, `Host: 127.0.0.1:${port}`, ...ws])).toBe(403);
    expect(await rawUpgradeStatus(port, [`Host: 127.0.0.1:${port}`, ...ws])).toBe(101);
  });

  it('does not treat a request whose Origin was pushed past 2,000 headers as a client without Origin', async () => {
    const ws = [`Host: 127.0.0.1:${port}`, 'Upgrade: websocket', 'Connection: Upgrade', 'Sec-WebSocket-Version: 13', 'Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==', `Sec-WebSocket-Protocol: ${SUBPROTOCOL}, ${TOKEN_SUBPROTOCOL_PREFIX}${bridge.token}`];
    const filler = Array.from({ length: 2_100 }, (_, i) => `X-F${i}: 1`);
    const status = await rawUpgradeStatus(port, [...ws, ...filler, 'Origin: https://evil.example']);
    expect(status).not.toBe(101);
  });

  it('refuses a token in the query string', async () => {
    expect(await upgradeStatus(`${url}?token=${bridge.token}`, { token: bridge.token })).toBe(400);
  });

  it('offers no compression even when the client asks for it', async () => {
    const client = await TestClient.open(url, { token: bridge.token, perMessageDeflate: true });
    expect(client.ws.extensions).toBe('');
    await client.close();
  });

  it('answers plain HTTP requests with 404 when the host app gives no handler', async () => {
    const res = await fetch(`http://127.0.0.1:${port}/index.html`);
    expect(res.status).toBe(404);
  });

  it('refuses sessions beyond the maximum with 503', async () => {
    const open = await Promise.all([1, 2, 3].map(() => TestClient.open(url, { token: bridge.token })));
    expect(await upgradeStatus(url, { token: bridge.token })).toBe(503);
    await Promise.all(open.map((c) => c.close()));
  });

  it('refuses to listen on a non-loopback address without allowRemote', async () => {
    const other = createBridge({ logger: memoryLogger().logger });
    await expect(other.listen({ host: '0.0.0.0' })).rejects.toThrow(/allowRemote/);
    await other.close();
  });

  it('proves the token with HMAC-SHA256 of the client nonce', async () => {
    const { client, hello, nonce } = await TestClient.connect(url, { token: bridge.token });
    expect(hello.proof).toBe(createHmac('sha256', bridge.token).update(nonce).digest('base64url'));
    expect(hello.mode).toBe('local');
    expect(hello.capabilities).toContain('filePaths');
    await client.close();
  });

  it('never writes the token into a log line', () => {
    expect(log.lines.length).toBeGreaterThan(0);
    for (const line of log.lines) expect(line).not.toContain(bridge.token);
  });
});
