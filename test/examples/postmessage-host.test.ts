/**
 * examples/postmessage-host really works: the host page gets the token, the dialog page (another origin) does
 * not; the bridge proves the token to the host and refuses the dialog's origin outright; in Chromium the host
 * verifies the bridge and the dialog's requests reach it through the MessagePort relay.
 */
import { chromium, type Browser, type Frame } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startPostMessageHost, type PostMessageHost } from '../../examples/postmessage-host/server.js';
import { CHROMIUM_ARGS, testRefusedConnection, greet, tokenFromPage, upgradeStatus } from './bridge-greeting.js';

describe('examples/postmessage-host', () => {
  let host: PostMessageHost;
  let browser: Browser | undefined;
  let token: string;
  const wsUrl = () => host.bridge.url!;

  beforeAll(async () => {
    host = await startPostMessageHost();
    token = tokenFromPage(await (await fetch(host.url)).text()) ?? '';
  });
  afterAll(async () => {
    await browser?.close();
    await host?.close();
  });

  it('gives the token to the host page only', async () => {
    expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    const dialogHtml = await (await fetch(host.dialogUrl)).text();
    expect(dialogHtml).not.toContain(token);
    expect(tokenFromPage(dialogHtml)).toBeUndefined();
  });

  it('answers the host with the HMAC proof and refuses the dialog origin even with the token', async () => {
    const { result, expectedProof } = await greet(wsUrl(), token, new URL(host.url).origin);
    expect(result).toMatchObject({ type: 'hello.result', v: 1, mode: 'local', proof: expectedProof });
    expect(await upgradeStatus(wsUrl(), token, new URL(host.dialogUrl).origin)).toBe(403);
  });

  it('relays the dialog’s requests over postMessage in Chromium; the iframe never sees the token', async () => {
    browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROMIUM_ARGS });
    const page = await browser.newPage();
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(error.message));
    await page.goto(host.url);
    // The host page's WebSocketTransport resolved only after checking the proof.
    await page.waitForSelector('body[data-bridge="verified"]', { timeout: 20_000 });

    const dialogOrigin = new URL(host.dialogUrl).origin;
    let frame: Frame | undefined;
    for (let i = 0; i < 200 && !frame; i++) {
      frame = page.frames().find((f) => f.url().startsWith(dialogOrigin));
      if (!frame) await page.waitForTimeout(50);
    }
    expect(frame).toBeDefined();
    // groups.list went iframe → MessagePort → host → WebSocket → bridge and back.
    await frame!.waitForSelector('body[data-groups]', { timeout: 20_000 });
    expect(await frame!.textContent('#status')).toContain('connected through the host');

    // Page-side code as a string: this file is type-checked without the DOM library.
    const seen = await frame!.evaluate(`(() => {
      let parentReadable = true;
      try { void window.parent.document.title; } catch { parentReadable = false; }
      return { inDom: document.documentElement.outerHTML.includes(${JSON.stringify(token)}), parentReadable };
    })()`);
    expect(seen).toEqual({ inDom: false, parentReadable: false });

    // Test Connection from the dialog inside the iframe: relayed to the bridge and its stages relayed back.
    expect(await testRefusedConnection(frame!)).toContain('NET_REFUSED');
    expect(errors).toEqual([]);
  });
});
