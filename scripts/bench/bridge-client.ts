/**
 * A bridge client as a page is one, for the benchmarks: it offers the token subprotocol, says hello with a fresh
 * nonce, checks the bridge's proof before sending anything secret (DESIGN §6), reads each frame as the page's
 * WebSocket transport does (JSON, with a string `type`), and matches results to requests by id.
 *
 * The page does not run core's schemas over what its own bridge sends, so neither does the timed path here;
 * every frame received is kept and checked against them afterwards ({@link BridgeClient.checkFrames}), so a
 * bridge that sends an invalid frame still fails the benchmark.
 */
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { parseBridgeFrame, PROTOCOL_VERSION, SUBPROTOCOL, TOKEN_SUBPROTOCOL_PREFIX, type BridgeMessage } from '@pgconnect/core';
import WebSocket from 'ws';

type Reply = Exclude<BridgeMessage, { type: `event.${string}` }>;

export class BridgeClient {
  readonly #ws: WebSocket;
  readonly #pending = new Map<string, { resolve: (m: Reply) => void; reject: (e: Error) => void }>();
  #nextId = 0;
  #closedBecause: Error | undefined;
  #unchecked: string[] = [];

  private constructor(ws: WebSocket) {
    this.#ws = ws;
    ws.on('message', (data) => this.#receive((data as Buffer).toString('utf8')));
    ws.on('close', (code, reason) => this.#fail(new Error(`socket closed ${code} ${reason.toString()}`.trim())));
    ws.on('error', (error) => this.#fail(error));
  }

  /** Opens a session and completes the hello exchange; rejects if the bridge cannot prove it holds the token. */
  static async connect(url: string, token: string): Promise<BridgeClient> {
    const ws = new WebSocket(url, [SUBPROTOCOL, `${TOKEN_SUBPROTOCOL_PREFIX}${token}`], { perMessageDeflate: false });
    await new Promise<void>((resolve, reject) => {
      ws.once('open', resolve);
      ws.once('unexpected-response', (_req, res) => reject(new Error(`upgrade refused with HTTP ${res.statusCode ?? 0}`)));
      ws.once('error', reject);
    });
    const client = new BridgeClient(ws);
    const nonce = randomBytes(24).toString('base64url');
    const hello = await client.#exchange('hello', JSON.stringify({ type: 'hello', v: PROTOCOL_VERSION, nonce }));
    if (hello.type !== 'hello.result' || typeof hello.proof !== 'string') throw new Error(`expected hello.result with a proof, got ${hello.type}`);
    const expected = createHmac('sha256', token).update(nonce).digest();
    const proof = Buffer.from(hello.proof, 'base64url');
    if (proof.length !== expected.length || !timingSafeEqual(proof, expected)) {
      ws.terminate();
      throw new Error('the bridge did not prove it holds the token');
    }
    return client;
  }

  /** Sends a request; resolves with its `*.result` or `error` frame. */
  request(type: string, params: Record<string, unknown>): Promise<Reply> {
    const id = `r${++this.#nextId}`;
    return this.#exchange(id, JSON.stringify({ id, type, ...params }));
  }

  close(): void {
    this.#ws.close();
  }

  /** Validates every frame received since the last call with core's bridge → page schemas; throws on the first invalid one. */
  checkFrames(): number {
    const frames = this.#unchecked;
    this.#unchecked = [];
    for (const text of frames) {
      const parsed = parseBridgeFrame(text);
      if (!parsed.ok) throw new Error(`invalid frame from the bridge: ${parsed.error.message}: ${text.slice(0, 200)}`);
    }
    return frames.length;
  }

  #exchange(key: string, frame: string): Promise<Reply> {
    if (this.#closedBecause) return Promise.reject(this.#closedBecause);
    return new Promise((resolve, reject) => {
      this.#pending.set(key, { resolve, reject });
      this.#ws.send(frame);
    });
  }

  #receive(text: string): void {
    let msg: BridgeMessage;
    try {
      const value: unknown = JSON.parse(text);
      if (typeof value !== 'object' || value === null || typeof (value as { type?: unknown }).type !== 'string') throw new Error('no type');
      msg = value as BridgeMessage;
    } catch {
      return this.#fail(new Error(`the bridge sent a frame that is not a message: ${text.slice(0, 200)}`));
    }
    this.#unchecked.push(text);
    if (msg.type.startsWith('event.')) return; // stage progress: a page would render it
    const id = (msg as { id?: string }).id;
    // A refused hello is answered by an error without an id.
    const key = msg.type === 'hello.result' || (msg.type === 'error' && id === undefined) ? 'hello' : id;
    const waiter = key === undefined ? undefined : this.#pending.get(key);
    if (!waiter || key === undefined) return;
    this.#pending.delete(key);
    waiter.resolve(msg as Reply);
  }

  #fail(error: Error): void {
    this.#closedBecause ??= error;
    for (const waiter of this.#pending.values()) waiter.reject(error);
    this.#pending.clear();
  }
}
