/**
 * The PostgreSQL startup and authentication, done by node-postgres on a stream the bridge has already opened
 * (and, when TLS applies, already encrypted and verified). pg is given only discrete values — never a
 * connection string — and every value it would otherwise fill from `process.env.PG*` is pinned, because pg's
 * `ConnectionParameters` treats an empty value as "look in the environment" (and a missing password as "look
 * in ~/.pgpass").
 *
 * The stream contract (pg 8.x `connection.js`): pg calls `setNoDelay(true)` and `connect(port, host)` on the
 * stream and waits for its `connect` event, then sends the startup message. The stream is connected already,
 * so `connect` is shimmed to announce it on the next tick; `ssl: false` keeps pg from sending its own SSLRequest.
 */
import type { EventEmitter } from 'node:events';
import type { Duplex } from 'node:stream';
import pg from 'pg';
import { BridgeError } from '@pgconnect/core';

export interface StartupParams {
  /** The host name (or socket directory) for pg's bookkeeping; the bytes already go to the right place. */
  host: string;
  port: number;
  user: string;
  database: string;
  applicationName: string | undefined;
  options: string | undefined;
  password: () => Promise<string | undefined>;
  /**
   * Whether the password may be sent in clear text (AuthenticationCleartextPassword). Only over a verified TLS
   * session: otherwise an impostor — or anyone on the path — simply asks for it (security T8).
   */
  allowCleartext: boolean;
}

/** Values for every `ConnectionParameters` field pg would otherwise take from the environment. */
type PinnedParameters = Record<'user' | 'database' | 'host' | 'port' | 'options' | 'application_name' | 'fallback_application_name' | 'replication' | 'client_encoding' | 'binary', unknown>;

interface PgInternals {
  connection: EventEmitter;
  connectionParameters: PinnedParameters & { ssl: unknown; sslnegotiation: unknown };
}

/** A connected stream in the shape pg expects of a socket it is about to connect. */
function asPgStream(stream: Duplex): Duplex {
  const shimmed = stream as Duplex & { connect?: unknown; setNoDelay?: unknown; setKeepAlive?: unknown };
  shimmed.connect = () => {
    process.nextTick(() => stream.emit('connect'));
    return stream;
  };
  // TCP options were set on the raw socket when it was dialled; a tunnel channel has no such knobs.
  if (typeof shimmed.setNoDelay !== 'function') shimmed.setNoDelay = () => stream;
  if (typeof shimmed.setKeepAlive !== 'function') shimmed.setKeepAlive = () => stream;
  return shimmed;
}

/**
 * Runs startup and authentication on `stream`; resolves with a client ready for queries. On failure the stream
 * is destroyed and the rejection is pg's (a DatabaseError for a server ErrorResponse) or a BridgeError.
 */
export async function startSession(stream: Duplex, params: StartupParams): Promise<pg.Client> {
  let cleartextRefused = false;
  const refusal = () =>
    new BridgeError('PG_CLEARTEXT_AUTH_REFUSED', { data: { host: params.host, port: params.port, user: params.user } });

  const client = new pg.Client({
    stream: () => asPgStream(stream),
    host: params.host,
    port: params.port,
    user: params.user,
    database: params.database,
    // A function, so pg never consults PGPASSWORD or ~/.pgpass, and the secret is produced only when asked for.
    password: async () => {
      if (cleartextRefused) throw refusal();
      const password = await params.password();
      if (password === undefined || password === '') {
        throw new BridgeError('PG_PASSWORD_REQUIRED', { data: { host: params.host, user: params.user } });
      }
      return password;
    },
    ssl: false,
    // Explicit: pg reads PGSSLNEGOTIATION otherwise, and throws for `direct` without its own ssl.
    sslnegotiation: 'postgres',
    // Set on the raw socket already (tcp.ts); pg would call setKeepAlive on the TLS wrapper.
    keepAlive: false,
  } as pg.ClientConfig);
  client.on('error', () => {}); // connect failures arrive through connect(); later ones through the owner's listener
  pinParameters(client, params);

  // Registered before connect(), so it runs before pg's own handler answers the request.
  const internals = client as unknown as PgInternals;
  internals.connection.on('authenticationCleartextPassword', () => {
    if (params.allowCleartext) return;
    cleartextRefused = true;
    // pg's handler still runs next, but finds the stream unwritable and the password function refusing.
    stream.destroy();
  });

  try {
    await client.connect();
    return client;
  } catch (error) {
    stream.destroy();
    throw cleartextRefused ? refusal() : error;
  }
}

/**
 * Overwrites what pg's `ConnectionParameters` read from the environment for empty fields. The startup message
 * is built from these at connect time (`client.getStartupConf()`), so pinning them here decides what is sent.
 */
function pinParameters(client: pg.Client, params: StartupParams): void {
  const target = (client as unknown as PgInternals).connectionParameters;
  const pinned: PinnedParameters = {
    user: params.user,
    database: params.database,
    host: params.host,
    port: params.port,
    options: params.options,
    application_name: params.applicationName,
    fallback_application_name: undefined,
    replication: undefined,
    client_encoding: undefined,
    binary: false,
  };
  Object.assign(target, pinned);
  Object.assign(client, { user: params.user, database: params.database, host: params.host, port: params.port });
}
