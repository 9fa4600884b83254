import { BridgeClientError } from './bridge-error.js';
import type { BridgeInfo, IncomingFrame, PushMap, RequestParams, RequestResult, RequestType } from './protocol.js';
import type { Transport } from './transport.js';

/**
 * - `connecting`: first attempt, nothing verified yet.
 * - `ready`: verified; requests flow.
 * - `reconnecting`: the channel dropped; the client retries with exponential backoff and queues requests.
 * - `unverified`: the peer failed the token proof; the client sends nothing and does not retry by itself.
 * - `closed`: `close()` was called.
 */
export type BridgeState = 'connecting' | 'ready' | 'reconnecting' | 'unverified' | 'closed';

export interface BridgeClientOptions {
  /** First retry delay; each further retry doubles it, up to `maxDelayMs`, with ±20 % jitter. */
  initialDelayMs?: number;
  maxDelayMs?: number;
  /** How long a request may wait for its result, including time spent queued while reconnecting. */
  requestTimeoutMs?: number;
}

export interface RequestOptions {
  /** Stops waiting: the promise rejects with `BRIDGE_CLOSED` (the bridge may still finish the work). */
  signal?: AbortSignal;
  timeoutMs?: number;
  /**
   * The frame's id (`[A-Za-z0-9_-]{1,64}`, unique among pending requests). Pushes that belong to a request name
   * it (`event.ssh.hostKey` and `event.entra.deviceCode` carry `requestId`), so a caller that chooses the id can
   * tell its own prompts from those of other elements sharing the client.
   */
  id?: string;
}

/** The service the components reach through `@lit/context`: typed requests and pushes. */
export interface BridgeService {
  readonly state: BridgeState;
  readonly info: BridgeInfo | undefined;
  request<T extends RequestType>(type: T, params: RequestParams<T>, options?: RequestOptions): Promise<RequestResult<T>>;
  onPush<K extends keyof PushMap>(type: K, handler: (push: PushMap[K]) => void): () => void;
  /** Fires `statechange` (a plain `Event`) whenever `state` changes. */
  addEventListener(type: 'statechange', listener: EventListener): void;
  removeEventListener(type: 'statechange', listener: EventListener): void;
}

interface Pending {
  resolve(value: unknown): void;
  reject(error: BridgeClientError): void;
  timer: ReturnType<typeof setTimeout>;
}

interface Queued {
  frame: Record<string, unknown>;
  id: string;
}

/**
 * Talks to the bridge over a transport: correlates requests and results by id, dispatches pushes, and keeps
 * the channel up. Nothing is sent before the transport has verified the bridge.
 */
export class BridgeClient extends EventTarget implements BridgeService {
  readonly #transport: Transport;
  readonly #options: Required<BridgeClientOptions>;
  readonly #pending = new Map<string, Pending>();
  readonly #queue: Queued[] = [];
  readonly #push = new Map<string, Set<(push: never) => void>>();
  #state: BridgeState = 'connecting';
  #info: BridgeInfo | undefined;
  #attempt = 0;
  #retryTimer: ReturnType<typeof setTimeout> | undefined;
  #nextId = 1;

  constructor(transport: Transport, options: BridgeClientOptions = {}) {
    super();
    this.#transport = transport;
    this.#options = { initialDelayMs: 500, maxDelayMs: 30_000, requestTimeoutMs: 60_000, ...options };
    this.#open();
  }

  get state(): BridgeState {
    return this.#state;
  }

  get info(): BridgeInfo | undefined {
    return this.#info;
  }

  request<T extends RequestType>(type: T, params: RequestParams<T>, options: RequestOptions = {}): Promise<RequestResult<T>> {
    if (this.#state === 'closed') return Promise.reject(BridgeClientError.client('BRIDGE_CLOSED', 'The bridge client was closed.'));
    if (this.#state === 'unverified') {
      return Promise.reject(BridgeClientError.client('BRIDGE_NOT_VERIFIED', 'Bridge not verified: nothing was sent.'));
    }
    const id = options.id ?? `r${this.#nextId++}`;
    if (this.#pending.has(id)) return Promise.reject(BridgeClientError.client('BRIDGE_PROTOCOL', `A request with id "${id}" is already waiting.`));
    const frame = { ...params, id, type };
    return new Promise<RequestResult<T>>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.#settle(id, BridgeClientError.client('BRIDGE_TIMEOUT', `The bridge did not answer "${type}" in time.`));
      }, options.timeoutMs ?? this.#options.requestTimeoutMs);
      this.#pending.set(id, { resolve: resolve as (value: unknown) => void, reject, timer });
      if (options.signal?.aborted) {
        this.#settle(id, BridgeClientError.client('BRIDGE_CLOSED', 'The request was cancelled.'));
        return;
      }
      options.signal?.addEventListener('abort', () => this.#settle(id, BridgeClientError.client('BRIDGE_CLOSED', 'The request was cancelled.')), { once: true });
      if (this.#state === 'ready') this.#send({ frame, id });
      else this.#queue.push({ frame, id });
    });
  }

  onPush<K extends keyof PushMap>(type: K, handler: (push: PushMap[K]) => void): () => void {
    let handlers = this.#push.get(type);
    if (!handlers) this.#push.set(type, (handlers = new Set()));
    handlers.add(handler as (push: never) => void);
    return () => handlers.delete(handler as (push: never) => void);
  }

  /** Tries again now, for example after an `unverified` bridge was restarted. */
  reconnect(): void {
    if (this.#state === 'closed' || this.#state === 'ready') return;
    clearTimeout(this.#retryTimer);
    this.#attempt = 0;
    this.#setState('connecting');
    this.#open();
  }

  close(): void {
    clearTimeout(this.#retryTimer);
    this.#setState('closed');
    this.#transport.close();
    this.#failAll(BridgeClientError.client('BRIDGE_CLOSED', 'The bridge client was closed.'));
  }

  #open(): void {
    this.#transport
      .open({ message: (frame) => this.#receive(frame), closed: (info) => this.#closed(info.retry) })
      .then((info) => {
        if (this.#state === 'closed') return;
        this.#info = info;
        this.#attempt = 0;
        this.#setState('ready');
        for (const queued of this.#queue.splice(0)) if (this.#pending.has(queued.id)) this.#send(queued);
      })
      .catch((error: unknown) => {
        this.#closed(!(error instanceof BridgeClientError && error.code === 'BRIDGE_NOT_VERIFIED'));
      });
  }

  #closed(retry: boolean): void {
    if (this.#state === 'closed' || this.#state === 'unverified') return;
    this.#info = undefined;
    const inFlight = BridgeClientError.client('BRIDGE_UNAVAILABLE', 'The connection to the bridge was lost.');
    if (!retry) {
      this.#setState('unverified');
      this.#failAll(BridgeClientError.client('BRIDGE_NOT_VERIFIED', 'Bridge not verified: nothing was sent.'));
      return;
    }
    // Requests already sent cannot be known to have run; queued ones wait for the next connection.
    const queued = new Set(this.#queue.map((q) => q.id));
    for (const [id] of this.#pending) if (!queued.has(id)) this.#settle(id, inFlight);
    this.#setState('reconnecting');
    if (this.#retryTimer !== undefined) return;
    const delay = Math.min(this.#options.maxDelayMs, this.#options.initialDelayMs * 2 ** this.#attempt);
    this.#attempt++;
    this.#retryTimer = setTimeout(() => {
      this.#retryTimer = undefined;
      if (this.#state === 'reconnecting') this.#open();
    }, delay * (0.8 + Math.random() * 0.4));
  }

  #send(queued: Queued): void {
    try {
      this.#transport.send(queued.frame);
    } catch (error) {
      this.#settle(queued.id, error instanceof BridgeClientError ? error : BridgeClientError.client('BRIDGE_UNAVAILABLE', String(error)));
    }
  }

  #receive(frame: IncomingFrame): void {
    if (frame.type.startsWith('event.')) {
      for (const handler of this.#push.get(frame.type) ?? []) {
        try {
          (handler as (push: IncomingFrame) => void)(frame);
        } catch (error) {
          console.error(error);
        }
      }
      return;
    }
    if (typeof frame.id !== 'string') return;
    const pending = this.#pending.get(frame.id);
    if (!pending) return;
    if (frame.type === 'error') {
      const payload = frame.error as { code?: unknown; message?: unknown; hint?: unknown; data?: unknown } | undefined;
      this.#settle(
        frame.id,
        new BridgeClientError({
          code: typeof payload?.code === 'string' ? payload.code : 'INTERNAL',
          message: typeof payload?.message === 'string' ? payload.message : 'The bridge reported an error.',
          ...(typeof payload?.hint === 'string' ? { hint: payload.hint } : {}),
          ...(typeof payload?.data === 'object' && payload.data !== null ? { data: payload.data as Record<string, unknown> } : {}),
        }),
      );
      return;
    }
    if (!frame.type.endsWith('.result')) {
      this.#settle(frame.id, BridgeClientError.client('BRIDGE_PROTOCOL', `Unexpected frame "${frame.type}".`));
      return;
    }
    const { id: _id, type: _type, ...result } = frame;
    clearTimeout(pending.timer);
    this.#pending.delete(frame.id);
    pending.resolve(result);
  }

  #settle(id: string, error: BridgeClientError): void {
    const pending = this.#pending.get(id);
    if (!pending) return;
    clearTimeout(pending.timer);
    this.#pending.delete(id);
    const index = this.#queue.findIndex((q) => q.id === id);
    if (index >= 0) this.#queue.splice(index, 1);
    pending.reject(error);
  }

  #failAll(error: BridgeClientError): void {
    for (const id of [...this.#pending.keys()]) this.#settle(id, error);
    this.#queue.length = 0;
  }

  #setState(state: BridgeState): void {
    if (this.#state === state) return;
    this.#state = state;
    this.dispatchEvent(new Event('statechange'));
  }
}
