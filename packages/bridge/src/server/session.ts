/**
 * One WebSocket session, from the opened socket to its close. The session
 *
 * - waits for `hello` (within `helloTimeoutMs`; anything else first closes 1008 and runs nothing), answers with
 *   the token proof, the capabilities and the mode;
 * - then reads requests: every frame is rate-limited and validated by core's schemas, every request gets
 *   exactly one `*.result` or `error`, and an invalid frame gets an `error` naming the field while the socket
 *   stays usable — until repeated abuse closes it 1008;
 * - pings every `heartbeatIntervalMs` and terminates a peer that stops answering;
 * - on close, cancels what is running and ends its pools, so no DB connection outlives the page.
 */
import { randomUUID } from 'node:crypto';
import {
  BridgeError,
  CLOSE_CODES,
  parseClientFrame,
  PROTOCOL_VERSION,
  type BridgeEvent,
  type ClientRequest,
  type ErrorPayload,
  type FrameError,
  type Hello,
  type HelloResult,
} from '@pgconnect/core';
import type WebSocket from 'ws';
import type { Logger } from '../log/logger.js';
import type { BridgeContext, SessionScope } from './context.js';
import { dispatch } from './dispatch.js';
import { Outbox } from './outbox.js';
import { SessionConnections } from './pools.js';
import { TokenBucket } from './rate-limit.js';
import { proveToken } from './token.js';
import { withoutErrno } from './wire.js';

/** What sessions share: the token they prove, what they offer, and the bridge-wide connect budget. */
export interface SessionShared {
  readonly token: string;
  readonly capabilities: readonly string[];
  readonly globalConnects: TokenBucket;
}

/** RFC 6455: the endpoint received a type of data it cannot accept (the protocol is text frames only). */
const CLOSE_UNSUPPORTED_DATA = 1003;

export class Session {
  readonly id = randomUUID();
  readonly #ws: WebSocket;
  readonly #bridge: BridgeContext;
  readonly #shared: SessionShared;
  readonly #logger: Logger;
  readonly #outbox: Outbox;
  readonly #closing = new AbortController();
  readonly #scope: SessionScope;
  readonly #inFlight = new Set<string>();

  readonly #frames: TokenBucket;
  readonly #floodRefusals: TokenBucket;
  readonly #invalidFrames: TokenBucket;
  readonly #connects: TokenBucket;
  #connecting = 0;

  #state: 'greeting' | 'ready' | 'closed' = 'greeting';
  #helloTimer: NodeJS.Timeout | undefined;
  #heartbeat: NodeJS.Timeout | undefined;
  #unansweredPings = 0;
  /** Resolves when the session is closed and its resources are released. */
  readonly closed: Promise<void>;

  constructor(ws: WebSocket, bridge: BridgeContext, shared: SessionShared) {
    this.#ws = ws;
    this.#bridge = bridge;
    this.#shared = shared;
    this.#logger = bridge.logger.child({ session: this.id });
    const { limits } = bridge;
    this.#frames = new TokenBucket(limits.framesPerSecond, limits.frameBurst);
    this.#floodRefusals = new TokenBucket(limits.floodRefusalsPerSecond, limits.floodRefusalBurst);
    this.#invalidFrames = new TokenBucket(limits.invalidFramesPerMinute / 60, limits.invalidFramesPerMinute);
    this.#connects = new TokenBucket(limits.connectsPerMinute / 60, limits.connectsPerMinute);
    this.#outbox = new Outbox(ws, limits, () => this.close(CLOSE_CODES.tryAgainLater, 'try again later'));

    const connections = new SessionConnections(bridge, this.#logger, this.#closing.signal, (event) => this.push(event));
    this.#scope = {
      id: this.id,
      bridge,
      logger: this.#logger,
      signal: this.#closing.signal,
      connections,
      tests: new Map(),
      push: (event) => this.push(event),
      claimConnectSlot: () => this.#claimConnectSlot(),
    };

    let resolveClosed!: () => void;
    this.closed = new Promise((resolve) => (resolveClosed = resolve));
    ws.on('error', (error) => this.#logger.info('session socket error', { error }));
    ws.on('message', (data, isBinary) => this.#onFrame(data, isBinary));
    ws.on('pong', () => (this.#unansweredPings = 0));
    ws.on('close', (code) => {
      void this.#release(code).finally(resolveClosed);
    });

    this.#helloTimer = setTimeout(() => this.close(CLOSE_CODES.policyViolation, 'hello required'), limits.helloTimeoutMs);
    this.#heartbeat = setInterval(() => this.#beat(), limits.heartbeatIntervalMs);
    this.#logger.info('session opened');
  }

  /** Pushes an event (test stages, connection lost/restored) to the page; see the outbox for when it leaves. */
  push(event: BridgeEvent): void {
    if (this.#state === 'ready') this.#outbox.push(this.#forPage(event));
  }

  close(code: number, reason: string): void {
    if (this.#state === 'closed') return;
    this.#logger.info('closing session', { code, reason });
    this.#state = 'closed';
    // The events already pushed still reach the page, before the close frame.
    this.#outbox.flush();
    this.#ws.close(code, reason);
  }

  /** Ends the socket at once (bridge shutdown, dead peer); resources are released on the `close` event. */
  terminate(): void {
    this.#state = 'closed';
    this.#outbox.discard();
    this.#ws.terminate();
  }

  #onFrame(data: WebSocket.RawData, isBinary: boolean): void {
    if (this.#state === 'closed') return;
    if (isBinary) return this.close(CLOSE_UNSUPPORTED_DATA, 'text frames only');
    const text = rawText(data);

    if (!this.#frames.take()) {
      if (!this.#floodRefusals.take()) return this.close(CLOSE_CODES.policyViolation, 'rate limit exceeded');
      const parsed = parseClientFrame(text);
      const id = parsed.ok ? ('id' in parsed.msg ? parsed.msg.id : undefined) : parsed.id;
      const retryAfterSeconds = Math.max(1, Math.ceil(1 / this.#bridge.limits.framesPerSecond));
      return this.#sendError(id, new BridgeError('BRIDGE_RATE_LIMITED', { data: { retryAfterSeconds } }).toJSON());
    }

    const parsed = parseClientFrame(text);
    if (this.#state === 'greeting') {
      // Nothing but a valid hello may come first, and nothing else runs before it (security.md §3 item 10).
      if (!parsed.ok || parsed.msg.type !== 'hello') return this.close(CLOSE_CODES.policyViolation, 'hello required');
      return this.#greet(parsed.msg);
    }
    if (!parsed.ok) return this.#invalid(parsed.id, parsed.error);
    const msg = parsed.msg;
    if (msg.type === 'hello') {
      return this.#invalid(undefined, { code: 'PROTOCOL_INVALID_MESSAGE', message: 'hello was already received', field: 'type' });
    }
    if (this.#inFlight.has(msg.id)) {
      return this.#invalid(msg.id, { code: 'PROTOCOL_INVALID_MESSAGE', message: `request ${msg.id} is still running`, field: 'id' });
    }
    this.#run(msg);
  }

  #greet(hello: Hello): void {
    clearTimeout(this.#helloTimer);
    if (hello.v !== PROTOCOL_VERSION) {
      this.#outbox.send({
        type: 'error',
        error: new BridgeError('PROTOCOL_UNSUPPORTED_VERSION', { data: { version: hello.v, supported: PROTOCOL_VERSION } }).toJSON(),
      });
      return this.close(CLOSE_CODES.policyViolation, 'unsupported protocol version');
    }
    this.#state = 'ready';
    const result: HelloResult = {
      type: 'hello.result',
      v: PROTOCOL_VERSION,
      proof: proveToken(this.#shared.token, hello.nonce),
      bridgeVersion: this.#bridge.bridgeVersion,
      capabilities: [...this.#shared.capabilities],
      mode: this.#bridge.mode,
    };
    this.#outbox.send(result);
  }

  #run(msg: ClientRequest): void {
    const { id, type } = msg;
    this.#inFlight.add(id);
    this.#logger.debug('request', { id, type });
    dispatch(this.#scope, msg)
      .then(
        (result) => {
          if (this.#state === 'ready') this.#outbox.send(this.#forPage({ ...result, id, type: `${type}.result` }));
        },
        (error: unknown) => this.#sendError(id, this.#errorPayload(error, type)),
      )
      .finally(() => this.#inFlight.delete(id));
  }

  /** An invalid frame is answered and tolerated, up to the session's budget of them. */
  #invalid(id: string | undefined, error: FrameError): void {
    const payload = new BridgeError(error.code, {
      message: error.message,
      ...(error.field === undefined ? {} : { data: { field: error.field } }),
    }).toJSON();
    this.#sendError(id, payload);
    if (!this.#invalidFrames.take()) this.close(CLOSE_CODES.policyViolation, 'too many invalid messages');
  }

  #sendError(id: string | undefined, error: ErrorPayload): void {
    if (this.#state !== 'ready') return;
    this.#outbox.send(this.#forPage({ ...(id === undefined ? {} : { id }), type: 'error', error }));
  }

  /** BridgeErrors go to the page as they are (through the redactor once more); anything else is a bug. */
  #errorPayload(error: unknown, type: string): ErrorPayload {
    if (error instanceof BridgeError) {
      if (error.code === 'BRIDGE_INTERNAL_ERROR') this.#logger.error('request failed', { type, error, cause: error.cause });
      return this.#logger.redactor.value(error.toJSON()) as ErrorPayload;
    }
    this.#logger.error('request failed unexpectedly', { type, error });
    return new BridgeError('BRIDGE_INTERNAL_ERROR').toJSON();
  }

  /** In server mode the raw errno stays in the log (wire.ts, security.md §3 item 36). */
  #forPage<T extends object>(frame: T): T {
    return this.#bridge.mode === 'server' ? withoutErrno(frame) : frame;
  }

  #claimConnectSlot(): () => void {
    const { limits } = this.#bridge;
    // Busy first: a refused attempt should not also spend the rate budget.
    if (this.#connecting >= limits.maxConcurrentConnects) {
      throw new BridgeError('BRIDGE_BUSY', { data: { limit: limits.maxConcurrentConnects } });
    }
    if (!this.#connects.take() || !this.#shared.globalConnects.take()) {
      throw new BridgeError('BRIDGE_RATE_LIMITED', { data: { retryAfterSeconds: Math.ceil(60 / limits.connectsPerMinute) } });
    }
    this.#connecting++;
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.#connecting--;
    };
  }

  #beat(): void {
    if (this.#unansweredPings >= this.#bridge.limits.missedPongs) {
      this.#logger.info('peer stopped answering pings');
      return this.terminate();
    }
    this.#unansweredPings++;
    this.#ws.ping();
  }

  async #release(code: number): Promise<void> {
    this.#state = 'closed';
    this.#outbox.discard();
    clearTimeout(this.#helloTimer);
    clearInterval(this.#heartbeat);
    this.#closing.abort(new BridgeError('BRIDGE_SESSION_CLOSED'));
    for (const test of this.#scope.tests.values()) test.abort(new BridgeError('BRIDGE_SESSION_CLOSED'));
    await this.#scope.connections.closeAll();
    this.#logger.info('session closed', { code });
  }
}

function rawText(data: WebSocket.RawData): string {
  if (Buffer.isBuffer(data)) return data.toString('utf8');
  if (Array.isArray(data)) return Buffer.concat(data).toString('utf8');
  return Buffer.from(data).toString('utf8');
}
