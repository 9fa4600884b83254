/**
 * A pg-pool "Client" whose `connect()` goes through the connect engine. pg-pool builds its clients itself
 * (`new options.Client(options)`, then `client.connect(callback)`), while the engine hands back a pg.Client it
 * has already connected over a stream it dialled, with libpq's semantics. So this class is a thin delegate:
 * it asks the engine for a connected client and forwards to it the few members pg-pool uses (`query`, `end`,
 * the `error` and `end` events, `_queryable`, `_ending`, `ref`/`unref`).
 */
import { EventEmitter } from 'node:events';
import type pg from 'pg';
import type { Connected, Endpoint } from '../connect/types.js';

/** Opens one engine connection; the pool calls it for every new client. */
export type EngineConnector = (signal: AbortSignal) => Promise<Connected>;

/** What pg-pool passes to the constructor: its own options, with ours riding along. */
export interface EngineClientOptions {
  connector: EngineConnector;
}

interface PgClientInternals {
  _queryable: boolean;
  _ending: boolean;
}

export class EngineClient extends EventEmitter {
  readonly #connector: EngineConnector;
  /** Aborts a connect that is still running when the pool gives up on this client. */
  readonly #connecting = new AbortController();
  #inner: pg.Client | undefined;
  #endpoint: Endpoint | undefined;
  #ended = false;

  constructor(options: EngineClientOptions) {
    super();
    this.#connector = options.connector;
  }

  /** The engine's connected client, for code that wants pg's typed API (server facts, privileges). */
  get pg(): pg.Client {
    if (!this.#inner) throw new Error('EngineClient used before it connected');
    return this.#inner;
  }

  /** Which host, address and encryption this connection used. */
  get endpoint(): Endpoint {
    if (!this.#endpoint) throw new Error('EngineClient used before it connected');
    return this.#endpoint;
  }

  // pg-pool reads these two to decide whether a released client may go back to the idle list.
  get _queryable(): boolean {
    return this.#inner !== undefined && (this.#inner as unknown as PgClientInternals)._queryable;
  }

  get _ending(): boolean {
    return this.#ended || (this.#inner !== undefined && (this.#inner as unknown as PgClientInternals)._ending);
  }

  connect(callback: (error?: Error) => void): void {
    this.#connector(this.#connecting.signal).then(
      ({ client, endpoint }) => {
        if (this.#ended) {
          // The pool ended us while the engine was still connecting: do not keep the connection.
          client.end().catch(() => undefined);
          callback(new Error('the pooled connection was closed while connecting'));
          return;
        }
        this.#inner = client;
        this.#endpoint = endpoint;
        client.on('error', (error) => this.emit('error', error));
        client.on('end', () => this.emit('end'));
        client.on('notice', (notice) => this.emit('notice', notice));
        callback();
      },
      (error: unknown) => callback(error instanceof Error ? error : new Error(String(error))),
    );
  }

  query(...args: unknown[]): unknown {
    return (this.pg.query as (...a: unknown[]) => unknown).apply(this.#inner, args);
  }

  end(callback?: (error?: Error) => void): Promise<void> | undefined {
    this.#ended = true;
    this.#connecting.abort();
    const ending = this.#inner ? this.#inner.end() : Promise.resolve();
    if (callback) {
      ending.then(() => callback(), (error: Error) => callback(error));
      return undefined;
    }
    return ending;
  }

  ref(): void {
    (this.#inner as { ref?: () => void } | undefined)?.ref?.();
  }

  unref(): void {
    (this.#inner as { unref?: () => void } | undefined)?.unref?.();
  }
}
