/**
 * The one place where library errors become pgconnect errors. node-postgres hands us `DatabaseError`s carrying a
 * SQLSTATE, Node hands us `errno` and OpenSSL codes (sometimes inside an `AggregateError` with an empty message),
 * and pg itself throws a few code-less `Error`s. Everything the connect engine catches passes through
 * `translateError` once, at the edge, and leaves as a `BridgeError` whose code, message and hint come from the
 * table in core. The library error is kept as `cause` (never serialised), so its text — which may name
 * connection parameters — stays out of what the page sees.
 */
import { BridgeError, codeFromNodeError, codeFromSqlState, type AuthType, type ErrorCode, type ErrorData } from '@pgconnect/core';

/** Where the error happened; it decides the code when the library error alone does not. */
export type ErrorStage = 'dns' | 'tcp' | 'tls' | 'auth' | 'ready';

/** What the message templates may mention. Never a secret: `data` is shown, logged and sent to the page. */
export interface ErrorContext {
  stage: ErrorStage;
  host?: string;
  port?: number;
  user?: string;
  database?: string;
  sslmode?: string;
  authType?: AuthType;
  /** The connect timeout that ran out, for NET_TIMEOUT. */
  seconds?: number;
  /** A Unix-domain socket path, for NET_SOCKET_NOT_FOUND. */
  path?: string;
}

/** What a PostgreSQL ErrorResponse carries that we use; pg's DatabaseError has these fields. */
interface ServerErrorFields {
  code: string;
  message: string;
  severity: string;
}

/** pg's own code-less errors, by their fixed messages (pg 8.x `client.js`, `connection.js`, `crypto/sasl.js`). */
const PG_MESSAGES: readonly { pattern: RegExp; code: ErrorCode }[] = [
  { pattern: /^Connection terminated unexpectedly$/, code: 'NET_RESET' },
  { pattern: /^Connection terminated$/, code: 'NET_RESET' },
  { pattern: /^SASL: SCRAM-SERVER-FINAL-MESSAGE: server signature does not match/, code: 'PG_PROTOCOL_ERROR' },
  { pattern: /^SASL: Only mechanism\(s\)/, code: 'PG_AUTH_METHOD_UNSUPPORTED' },
  { pattern: /^SASL:/, code: 'PG_PROTOCOL_ERROR' },
];

/** The fallback when nothing more specific is known: what failing in this stage generally means. */
const STAGE_FALLBACK: Readonly<Record<ErrorStage, ErrorCode>> = {
  dns: 'NET_DNS_FAILED',
  tcp: 'NET_CONNECT_FAILED',
  tls: 'TLS_HANDSHAKE_FAILED',
  auth: 'PG_PROTOCOL_ERROR',
  ready: 'PG_PROTOCOL_ERROR',
};

export function translateError(error: unknown, context: ErrorContext): BridgeError {
  if (error instanceof BridgeError) return error;
  const data = contextData(context);

  if (isServerError(error)) {
    const code = codeFromSqlState(error.code, error.message, context.authType);
    // The server's own words help with the general codes; they never contain the password.
    return new BridgeError(code, {
      data: { ...data, sqlstate: error.code, serverMessage: error.message },
      cause: error,
    });
  }

  const inner = firstInnerError(error);
  if (inner !== error) return translateError(inner, context);

  const nodeCode = errorCode(error);
  if (nodeCode !== undefined) {
    // A Unix socket is refused when nothing listens on it: always so for an abstract name (there is no file to
    // be missing), and for a socket file a stopped server left behind. "Refused on port" would point at TCP.
    const onSocket = context.path !== undefined && nodeCode === 'ECONNREFUSED';
    const code = onSocket ? 'NET_SOCKET_NOT_FOUND' : (codeFromNodeError(nodeCode) ?? codeForUnknownNodeCode(nodeCode, context.stage));
    return new BridgeError(code, { data: withErrno(data, nodeCode), cause: error });
  }

  const message = error instanceof Error ? error.message : String(error);
  const known = PG_MESSAGES.find((m) => m.pattern.test(message));
  return new BridgeError(known?.code ?? STAGE_FALLBACK[context.stage], { data, cause: error });
}

/** True for a PostgreSQL ErrorResponse as pg reports it (`DatabaseError`), or as our own SSLRequest reader parses it. */
export function isServerError(error: unknown): error is ServerErrorFields {
  if (typeof error !== 'object' || error === null) return false;
  const e = error as Partial<Record<keyof ServerErrorFields, unknown>>;
  return typeof e.code === 'string' && /^[0-9A-Z]{5}$/.test(e.code) && typeof e.severity === 'string' && typeof e.message === 'string';
}

/** The SQLSTATE of a server error, after translation too (it travels in `data.sqlstate`). */
export function sqlstateOf(error: unknown): string | undefined {
  if (error instanceof BridgeError) {
    const sqlstate = error.data?.sqlstate;
    return typeof sqlstate === 'string' ? sqlstate : undefined;
  }
  return isServerError(error) ? error.code : undefined;
}

/**
 * Node 20's happy-eyeballs connect fails with an AggregateError whose message is empty and whose `.errors`
 * holds one error per address; the first one says what happened to the first address tried.
 */
function firstInnerError(error: unknown): unknown {
  if (error instanceof AggregateError && error.errors.length > 0) return error.errors[0];
  return error;
}

function errorCode(error: unknown): string | undefined {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' && code !== '' ? code : undefined;
}

/** OpenSSL reasons Node has no table entry for still say which side of the handshake broke. */
function codeForUnknownNodeCode(nodeCode: string, stage: ErrorStage): ErrorCode {
  if (nodeCode.startsWith('ERR_SSL_') || nodeCode.startsWith('ERR_TLS_') || nodeCode.startsWith('ERR_OSSL_')) return 'TLS_HANDSHAKE_FAILED';
  return STAGE_FALLBACK[stage];
}

function contextData(context: ErrorContext): Record<string, string | number> {
  const data: Record<string, string | number> = {};
  if (context.host !== undefined && context.host !== '') data.host = context.host;
  if (context.port !== undefined) data.port = context.port;
  if (context.user !== undefined && context.user !== '') data.user = context.user;
  if (context.database !== undefined && context.database !== '') data.database = context.database;
  if (context.sslmode !== undefined) data.sslmode = context.sslmode;
  if (context.seconds !== undefined) data.seconds = context.seconds;
  if (context.path !== undefined) data.path = context.path;
  return data;
}

/** The raw errno is kept for the log and for hosts that want it; the message never depends on it. */
function withErrno(data: Record<string, string | number>, nodeCode: string): ErrorData {
  return { ...data, errno: nodeCode };
}

/** A BridgeError with the context's data, for failures the engine detects itself. */
export function bridgeError(code: ErrorCode, context: Omit<ErrorContext, 'stage'>, extra: { message?: string; cause?: unknown; data?: ErrorData } = {}): BridgeError {
  return new BridgeError(code, {
    data: { ...contextData({ ...context, stage: 'tcp' }), ...extra.data },
    ...(extra.message === undefined ? {} : { message: extra.message }),
    ...(extra.cause === undefined ? {} : { cause: extra.cause }),
  });
}
