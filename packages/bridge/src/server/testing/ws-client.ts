/**
 * Test support: a real `ws` client that speaks the bridge protocol and records every frame it receives, so
 * tests can wait for a result by id and grep the whole conversation for canary secrets. Not used by the bridge.
 */
import { randomBytes } from 'node:crypto';
import { parseBridgeFrame, SUBPROTOCOL, TOKEN_SUBPROTOCOL_PREFIX, type BridgeMessage } from '@pgconnect/core';
import WebSocket from 'ws';

export interface TestClientOptions {
  token?: string | undefined;
  /** Extra or replacement subprotocols; default `[pgconnect.v1, pgconnect.token.<token>]`. */
  protocols?: string[];
  headers?: Record<string, string>;
  autoPong?: boolean;
  perMessageDeflate?: boolean;
}

export class TestClient {
  /** Every text frame received, raw. */
  readonly frames: string[] = [];
  readonly messages: BridgeMessage[] = [];
  /** Frames that did not validate against core's bridge → page schema (should stay empty). */
  readonly invalid: { text: string; error: unknown }[] = [];
  readonly closed: Promise<{ code: number; reason: string }>;
  #waiters: { match: (m: BridgeMessage) => boolean; resolve: (m: BridgeMessage) => void }[] = [];

  private constructor(readonly ws: WebSocket) {
    ws.on('error', () => undefined);
    ws.on('message', (data) => {
      const text = (data as Buffer).toString('utf8');
      this.frames.push(text);
      const parsed = parseBridgeFrame(text);
      if (!parsed.ok) {
        this.invalid.push({ text, error: parsed.error });
        return;
      }
      this.messages.push(parsed.msg);
      this.#waiters = this.#waiters.filter((w) => !(w.match(parsed.msg) && (w.resolve(parsed.msg), true)));
    });
    this.closed = new Promise((resolve) => ws.on('close', (code, reason) => resolve({ code, reason: reason.toString() })));
  }

  static async open(url: string, options: TestClientOptions = {}): Promise<TestClient> {
    const protocols = options.protocols ?? [SUBPROTOCOL, `${TOKEN_SUBPROTOCOL_PREFIX}${options.token ?? ''}`];
    const ws = new WebSocket(url, protocols, {
      headers: options.headers ?? {},
      autoPong: options.autoPong ?? true,
      perMessageDeflate: options.perMessageDeflate ?? false,
    });
    const client = new TestClient(ws);
    await new Promise<void>((resolve, reject) => {
      ws.once('open', () => resolve());
      ws.once('unexpected-response', (_req, res) => reject(new UpgradeRefused(res.statusCode ?? 0)));
      ws.once('error', reject);
    });
    return client;
  }

  /** Opens and says hello; resolves with the hello.result and the nonce it answered. */
  static async connect(url: string, options: TestClientOptions = {}): Promise<{ client: TestClient; hello: Extract<BridgeMessage, { type: 'hello.result' }>; nonce: string }> {
    const client = await TestClient.open(url, options);
    const nonce = randomBytes(24).toString('base64url');
    const reply = client.next((m) => m.type === 'hello.result');
    client.sendRaw(JSON.stringify({ type: 'hello', v: 1, nonce }));
    const hello = (await reply) as Extract<BridgeMessage, { type: 'hello.result' }>;
    return { client, hello, nonce };
  }

  sendRaw(data: string | Buffer, binary = false): void {
    this.ws.send(data, { binary });
  }

  /** Sends a request and resolves with its `*.result` or `error` frame. */
  request(id: string, type: string, params: Record<string, unknown> = {}): Promise<BridgeMessage> {
    const reply = this.next((m) => 'id' in m && m.id === id);
    this.sendRaw(JSON.stringify({ id, type, ...params }));
    return reply;
  }

  /** The first message, already received or still to come, that matches. */
  next(match: (m: BridgeMessage) => boolean): Promise<BridgeMessage> {
    const seen = this.messages.find(match);
    if (seen) return Promise.resolve(seen);
    return new Promise((resolve) => this.#waiters.push({ match, resolve }));
  }

  close(): Promise<{ code: number; reason: string }> {
    this.ws.close();
    return this.closed;
  }
}

/** The code of an `error` frame; undefined for any other message. */
export const errorCode = (m: BridgeMessage) => (m.type === 'error' ? m.error.code : undefined);

export class UpgradeRefused extends Error {
  constructor(readonly status: number) {
    super(`upgrade refused with HTTP ${status}`);
  }
}

/** Opens a socket and reports the HTTP status the bridge refused it with, or 101 when it was accepted. */
export async function upgradeStatus(url: string, options: TestClientOptions = {}): Promise<number> {
  try {
    const client = await TestClient.open(url, options);
    await client.close();
    return 101;
  } catch (error) {
    if (error instanceof UpgradeRefused) return error.status;
    throw error;
  }
}

/** Sends a hand-written upgrade request over a raw socket and returns the HTTP status line's code. */
export async function rawUpgradeStatus(port: number, headerLines: string[]): Promise<number> {
  const { connect } = await import('node:net');
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1');
    let received = '';
    socket.on('error', reject);
    socket.on('data', (chunk) => {
      received += chunk.toString('latin1');
      const match = /^HTTP\/1\.1 (\d{3})/.exec(received);
      if (match) {
        socket.destroy();
        resolve(Number(match[1]));
      }
    });
    socket.on('close', () => resolve(Number(/^HTTP\/1\.1 (\d{3})/.exec(received)?.[1] ?? 0)));
    socket.write(`GET / HTTP/1.1\r\n${headerLines.map((l) => `${l}\r\n`).join('')}\r\n`);
  });
}
