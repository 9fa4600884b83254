/**
 * A stand-in for a cloud PostgreSQL front end (RDS with IAM, Azure flexible server with Entra): it terminates
 * TLS with a certificate for the cloud host name, speaks the PostgreSQL protocol just far enough to ask for a
 * cleartext password — which is how RDS and Azure ask for the token — and lets a `verify` function decide. A
 * refused token gets the FATAL 28P01 the real services send; an accepted one is logged in to a real PostgreSQL
 * cluster by the proxy itself (with the role's own password, as the service would internally), after which the
 * two sides are piped together and the client talks to real PostgreSQL.
 */
import { createServer, connect as tcpConnect, type Server, type Socket } from 'node:net';
import { TLSSocket, createSecureContext } from 'node:tls';
import type { Duplex } from 'node:stream';
import type { ServerCert } from './certs.js';

const SSL_REQUEST = 80877103;
const GSSENC_REQUEST = 80877104;
const CANCEL_REQUEST = 80877102;
const PROTOCOL_3 = 196608;

export interface TokenProxyOptions {
  tls: ServerCert;
  /** `undefined` accepts the password as this user's token; a string is the reason for refusing it. */
  verify: (user: string, password: string) => string | undefined;
  /** The real cluster and how the proxy logs in there (pg_hba `password` for these roles). */
  upstream: { host: string; port: number; password: (user: string) => string };
  /** The message of the FATAL 28P01, e.g. RDS's `PAM authentication failed for user "x"`. */
  refusalMessage?: (user: string) => string;
}

export interface ProxyAttempt {
  user: string;
  database: string;
  accepted: boolean;
  reason?: string;
  /** The password the client sent (a token): tests compare it with what the signer produced. */
  password: string;
}

export interface TokenProxy {
  port: number;
  attempts: ProxyAttempt[];
  close(): Promise<void>;
}

/** Reads length-prefixed PostgreSQL messages from a stream. */
class MessageReader {
  #buffer = Buffer.alloc(0);
  #waiters: (() => void)[] = [];
  #ended = false;

  constructor(readonly stream: Duplex) {
    stream.on('data', this.#onData);
    stream.once('end', () => this.#finish());
    stream.once('close', () => this.#finish());
    stream.on('error', () => this.#finish());
  }

  #onData = (chunk: Buffer): void => {
    this.#buffer = Buffer.concat([this.#buffer, chunk]);
    this.#wake();
  };

  #finish(): void {
    this.#ended = true;
    this.#wake();
  }

  #wake(): void {
    for (const wake of this.#waiters.splice(0)) wake();
  }

  async #need(bytes: number): Promise<void> {
    while (this.#buffer.length < bytes) {
      if (this.#ended) throw new Error('stream ended');
      await new Promise<void>((resolve) => this.#waiters.push(resolve));
    }
  }

  /** A message without a type byte (startup, SSLRequest): int32 length, then the body. */
  async untyped(): Promise<Buffer> {
    await this.#need(4);
    const length = this.#buffer.readInt32BE(0);
    await this.#need(length);
    return this.#take(length).subarray(4);
  }

  async typed(): Promise<{ type: string; body: Buffer; raw: Buffer }> {
    await this.#need(5);
    const length = this.#buffer.readInt32BE(1);
    await this.#need(1 + length);
    const raw = this.#take(1 + length);
    return { type: String.fromCharCode(raw[0]!), body: raw.subarray(5), raw };
  }

  #take(bytes: number): Buffer {
    const out = this.#buffer.subarray(0, bytes);
    this.#buffer = this.#buffer.subarray(bytes);
    return out;
  }

  /** Stops reading (the stream is paused until someone pipes it) and returns what was read but not consumed. */
  detach(): Buffer {
    this.stream.off('data', this.#onData);
    this.stream.pause();
    return this.#buffer;
  }
}

function message(type: string, body: Buffer): Buffer {
  const head = Buffer.alloc(5);
  head.write(type, 0, 'latin1');
  head.writeInt32BE(body.length + 4, 1);
  return Buffer.concat([head, body]);
}

function errorResponse(code: string, text: string): Buffer {
  const fields = [['S', 'FATAL'], ['V', 'FATAL'], ['C', code], ['M', text]].map(([k, v]) => `${k}${v}\0`).join('');
  return message('E', Buffer.from(`${fields}\0`, 'utf8'));
}

function startupParams(body: Buffer): Map<string, string> {
  const parts = body.subarray(4).toString('utf8').split('\0');
  const params = new Map<string, string>();
  for (let i = 0; i + 1 < parts.length && parts[i] !== ''; i += 2) params.set(parts[i]!, parts[i + 1]!);
  return params;
}

function startupMessage(params: Map<string, string>): Buffer {
  const pairs = [...params].map(([k, v]) => `${k}\0${v}\0`).join('');
  const body = Buffer.concat([Buffer.alloc(4), Buffer.from(`${pairs}\0`, 'utf8')]);
  body.writeInt32BE(PROTOCOL_3, 0);
  const length = Buffer.alloc(4);
  length.writeInt32BE(body.length + 4, 0);
  return Buffer.concat([length, body]);
}

const cleartextRequest = (): Buffer => message('R', Buffer.from([0, 0, 0, 3]));

export async function startTokenProxy(options: TokenProxyOptions): Promise<TokenProxy> {
  const attempts: ProxyAttempt[] = [];
  const secureContext = createSecureContext({ cert: options.tls.cert, key: options.tls.key });
  const sockets = new Set<Socket>();
  const server: Server = createServer((socket) => {
    sockets.add(socket);
    socket.on('error', () => {});
    socket.once('close', () => sockets.delete(socket));
    serve(socket).catch(() => socket.destroy());
  });

  async function serve(socket: Socket): Promise<void> {
    let reader = new MessageReader(socket);
    let first = await reader.untyped();
    while (first.readInt32BE(0) === GSSENC_REQUEST) {
      socket.write('N');
      first = await reader.untyped();
    }
    if (first.readInt32BE(0) !== SSL_REQUEST) {
      socket.end(errorResponse('28000', 'no pg_hba.conf entry for this connection: SSL off'));
      return;
    }
    reader.detach();
    socket.write('S');
    const tls = new TLSSocket(socket, { isServer: true, secureContext });
    tls.on('error', () => socket.destroy());
    reader = new MessageReader(tls);
    const startup = await reader.untyped();
    if (startup.readInt32BE(0) === CANCEL_REQUEST || startup.readInt32BE(0) !== PROTOCOL_3) {
      tls.end();
      return;
    }
    const params = startupParams(startup);
    const user = params.get('user') ?? '';
    const database = params.get('database') ?? user;
    tls.write(cleartextRequest());
    const reply = await reader.typed();
    if (reply.type !== 'p') {
      tls.end(errorResponse('08P01', 'expected a password message'));
      return;
    }
    const password = reply.body.subarray(0, reply.body.indexOf(0)).toString('utf8');
    const reason = options.verify(user, password);
    attempts.push({ user, database, accepted: reason === undefined, password, ...(reason !== undefined && { reason }) });
    if (reason !== undefined) {
      const text = options.refusalMessage?.(user) ?? `password authentication failed for user "${user}"`;
      tls.end(errorResponse('28P01', text));
      return;
    }
    await forward(tls, reader.detach(), params, user);
  }

  async function forward(client: TLSSocket, pending: Buffer, params: Map<string, string>, user: string): Promise<void> {
    const upstream = tcpConnect(options.upstream.port, options.upstream.host);
    sockets.add(upstream);
    upstream.on('error', () => client.destroy());
    upstream.once('close', () => {
      sockets.delete(upstream);
      client.destroy();
    });
    client.once('close', () => upstream.destroy());
    await new Promise<void>((resolve, reject) => upstream.once('connect', resolve).once('error', reject));
    const reader = new MessageReader(upstream);
    upstream.write(startupMessage(params));
    for (;;) {
      const msg = await reader.typed();
      if (msg.type === 'R' && msg.body.readInt32BE(0) === 3) {
        upstream.write(message('p', Buffer.from(`${options.upstream.password(user)}\0`, 'utf8')));
        continue;
      }
      // AuthenticationOk, or an error the client should see: from here on the client talks to PostgreSQL.
      client.write(Buffer.concat([msg.raw, reader.detach()]));
      if (pending.length > 0) upstream.write(pending);
      client.pipe(upstream);
      upstream.pipe(client);
      return;
    }
  }

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('proxy did not bind');
  return {
    port: address.port,
    attempts,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}
