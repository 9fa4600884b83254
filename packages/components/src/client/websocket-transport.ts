import { BridgeClientError } from './bridge-error.js';
import { PROTOCOL_VERSION, SUBPROTOCOL, TOKEN_SUBPROTOCOL_PREFIX } from './protocol.js';
import type { BridgeInfo, IncomingFrame } from './protocol.js';
import type { Transport, TransportHandlers } from './transport.js';

export interface WebSocketTransportOptions {
  /** `ws://127.0.0.1:PORT/`, as `pgconnect serve` prints it. */
  url: string;
  /** The bridge token. It travels only as a subprotocol and as the HMAC key; it is never sent as data. */
  token: string;
  /** How long to wait for `hello.result`. */
  helloTimeoutMs?: number;
  /** For tests: a WebSocket implementation. */
  WebSocket?: typeof WebSocket;
}

const encoder = new TextEncoder();

function base64url(bytes: ArrayBuffer): string {
  let binary = '';
  for (const byte of new Uint8Array(bytes)) binary += String.fromCharCode(byte);
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

function randomNonce(): string {
  return base64url(crypto.getRandomValues(new Uint8Array(32)).buffer);
}

/** base64url(HMAC-SHA256(token, nonce)), what an honest bridge answers to `hello`. */
export async function expectedProof(token: string, nonce: string): Promise<string> {
  const key = await crypto.subtle.importKey('raw', encoder.encode(token), { name: 'HMAC', hash: 'SHA-256' }, false, ['sign']);
  return base64url(await crypto.subtle.sign('HMAC', key, encoder.encode(nonce)));
}

/** Compares in time independent of where the strings differ. */
function sameText(a: string, b: string): boolean {
  if (a.length !== b.length) return false;
  let difference = 0;
  for (let i = 0; i < a.length; i++) difference |= a.charCodeAt(i) ^ b.charCodeAt(i);
  return difference === 0;
}

/**
 * The default transport: a WebSocket to `pgconnect serve`. It offers `pgconnect.v1` and
 * `pgconnect.token.<token>`, sends `hello` with a fresh nonce and checks the bridge's HMAC proof with WebCrypto
 * before `open()` resolves, so no request (and therefore no secret) can reach a program that merely listens on
 * the port.
 */
export class WebSocketTransport implements Transport {
  readonly #options: WebSocketTransportOptions;
  #socket: WebSocket | undefined;

  constructor(options: WebSocketTransportOptions) {
    this.#options = options;
  }

  open(handlers: TransportHandlers): Promise<BridgeInfo> {
    const Socket = this.#options.WebSocket ?? WebSocket;
    const nonce = randomNonce();
    const proof = expectedProof(this.#options.token, nonce);
    return new Promise<BridgeInfo>((resolve, reject) => {
      let verified = false;
      let settled = false;
      const fail = (error: BridgeClientError, retry: boolean) => {
        if (!settled) {
          settled = true;
          reject(error);
        }
        // 4002: ours (browsers may only send 1000 or 3000–4999); the bridge just sees a client that left.
        this.#socket?.close(retry ? 1000 : 4002, error.code);
        this.#socket = undefined;
        handlers.closed({ retry, reason: error.message });
      };
      let socket: WebSocket;
      try {
        socket = new Socket(this.#options.url, [SUBPROTOCOL, TOKEN_SUBPROTOCOL_PREFIX + this.#options.token]);
      } catch (error) {
        reject(BridgeClientError.client('BRIDGE_UNAVAILABLE', error instanceof Error ? error.message : String(error)));
        return;
      }
      this.#socket = socket;
      const timer = setTimeout(
        () => fail(BridgeClientError.client('BRIDGE_NOT_VERIFIED', 'The bridge did not answer the greeting.'), true),
        this.#options.helloTimeoutMs ?? 5_000,
      );

      socket.addEventListener('open', () => {
        socket.send(JSON.stringify({ type: 'hello', v: PROTOCOL_VERSION, nonce }));
      });
      socket.addEventListener('message', (event: MessageEvent) => {
        let frame: IncomingFrame;
        try {
          const parsed: unknown = JSON.parse(String(event.data));
          if (typeof parsed !== 'object' || parsed === null || typeof (parsed as { type?: unknown }).type !== 'string') throw new Error('no type');
          frame = parsed as IncomingFrame;
        } catch {
          if (!verified) fail(BridgeClientError.client('BRIDGE_NOT_VERIFIED', 'The bridge answered with something that is not a greeting.'), false);
          return;
        }
        if (verified) {
          handlers.message(frame);
          return;
        }
        void (async () => {
          const answer = frame.type === 'hello.result' && typeof frame.proof === 'string' ? frame.proof : '';
          if (!sameText(answer, await proof)) {
            clearTimeout(timer);
            fail(BridgeClientError.client('BRIDGE_NOT_VERIFIED', 'Bridge not verified: its proof of the token is wrong.'), false);
            return;
          }
          clearTimeout(timer);
          verified = true;
          settled = true;
          resolve({
            bridgeVersion: typeof frame.bridgeVersion === 'string' ? frame.bridgeVersion : '',
            capabilities: Array.isArray(frame.capabilities) ? frame.capabilities.filter((c): c is string => typeof c === 'string') : [],
            mode: frame.mode === 'server' ? 'server' : 'local',
          });
        })();
      });
      socket.addEventListener('close', (event: CloseEvent) => {
        clearTimeout(timer);
        if (this.#socket !== socket) return;
        this.#socket = undefined;
        const reason = event.reason || `closed (${event.code})`;
        if (!settled) {
          settled = true;
          reject(BridgeClientError.client('BRIDGE_UNAVAILABLE', `The bridge closed the connection: ${reason}.`));
        }
        handlers.closed({ retry: true, reason });
      });
    });
  }

  send(frame: Record<string, unknown>): void {
    if (!this.#socket || this.#socket.readyState !== 1) throw BridgeClientError.client('BRIDGE_UNAVAILABLE', 'The bridge is not connected.');
    this.#socket.send(JSON.stringify(frame));
  }

  close(): void {
    const socket = this.#socket;
    this.#socket = undefined;
    socket?.close(1000, 'closed by the page');
  }
}
