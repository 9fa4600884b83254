/**
 * One address, start to finish: open the stream (TCP, Unix socket, or the tunnel), negotiate encryption per
 * sslmode — falling back between plaintext and TLS as `fallback.ts` decides — and authenticate. libpq's
 * connect_timeout covers all of it, once per address, so one deadline spans every method tried here. A tunnel's
 * hops are not part of it: `multihost.ts` opens them once beforehand (`TunnelFactory.prepare`), so here the
 * deadline covers the channel, TLS and login.
 *
 * What happens next after a failure is libpq's rule (fe-connect.c `PQconnectPoll`): a connection that never
 * opened, or a timeout, moves on to the next address; 57P03 (the server is starting up) moves on to the next
 * host; any other failure once the server has answered — a TLS failure, an authentication error — ends the
 * whole connection, because trying the next host would only repeat it (or, worse, send the password on).
 */
import type { Duplex } from 'node:stream';
import type pg from 'pg';
import { BridgeError, type StageReport, type TlsReport } from '@pgconnect/core';
import { sqlstateOf, translateError, type ErrorContext, type ErrorStage } from '../errors/translate.js';
import { DeadlineExceeded, deadline } from './abort.js';
import { certModeRefusal, NO_CLIENT_CERT } from './cert-mode.js';
import { encryptionMethods, shouldFallBack } from './fallback.js';
import type { ConnectPlan, HostEntry } from './plan.js';
import { requestSsl } from './ssl-request.js';
import type { StageRecorder } from './stages.js';
import { startSession } from './startup.js';
import type { TargetPolicy } from './target-policy.js';
import { dial, socketPath } from './tcp.js';
import { startTls, type ClientCertExchange, type TlsSession } from './tls-handshake.js';
import type { PasswordTarget, TunnelFactory } from './types.js';

/** Where the engine goes after a failed address. */
export type NextStep = 'address' | 'host' | 'stop';

export class AttemptFailure extends Error {
  override readonly name = 'AttemptFailure';
  constructor(readonly error: BridgeError, readonly next: NextStep) {
    super(error.message, { cause: error });
  }
}

export interface AttemptContext {
  plan: ConnectPlan;
  stages: StageRecorder;
  password: (target: PasswordTarget) => Promise<string | undefined>;
  tunnel: TunnelFactory | undefined;
  policy: TargetPolicy;
}

/** What to dial: a resolved IP, a socket path, or the tunnel. */
export type Dialable = { kind: 'ip'; address: string } | { kind: 'socket'; path: string } | { kind: 'tunnel' };

export interface AddressSuccess {
  client: pg.Client;
  tls: TlsReport;
  /** What the user should know about how this address was reached (see `tlsRequiredWarning`). */
  warnings: string[];
}

/** How the bytes of one login travel: the report for the page, and the certificate exchange for sslcertmode. */
interface Channel {
  report: TlsReport;
  clientCert: ClientCertExchange;
}

const PLAINTEXT: Channel = { report: { encrypted: false, verified: false }, clientCert: NO_CLIENT_CERT };

/** A signal to move from the first encryption method to the second, carrying why the first one failed. */
class FallBack extends Error {
  constructor(readonly reason: BridgeError) {
    super(reason.message);
  }
}

export async function connectAddress(ctx: AttemptContext, entry: HostEntry, dialable: Dialable, parent: AbortSignal): Promise<AddressSuccess> {
  const { signal, dispose } = deadline(parent, ctx.plan.timeoutMs);
  const target = describe(entry, dialable);
  const errorContext = (stage: ErrorStage): ErrorContext => ({
    stage,
    host: entry.host,
    port: entry.port,
    user: ctx.plan.user,
    database: ctx.plan.database,
    sslmode: ctx.plan.tls.sslmode,
    authType: ctx.plan.authType,
    ...(ctx.plan.timeoutMs !== undefined && { seconds: ctx.plan.timeoutMs / 1000 }),
    // An abstract socket's path starts with NUL; messages show it the way the user wrote it (`@name`).
    ...(dialable.kind === 'socket' && { path: describe(entry, dialable) }),
  });
  // An aborted wait fails with whatever the destroyed socket says; the signal knows the real reason.
  const translate = (stage: ErrorStage) => (error: unknown): BridgeError => {
    if (signal.aborted) {
      return signal.reason instanceof DeadlineExceeded
        ? translateError(Object.assign(new Error('timeout'), { code: 'ETIMEDOUT' }), errorContext(stage))
        : new BridgeError('BRIDGE_CANCELLED', { cause: signal.reason });
    }
    return translateError(error, errorContext(stage));
  };

  const open = (): Promise<Duplex> =>
    dialable.kind === 'tunnel'
      ? openChannel(ctx, entry, target, signal, translate('tcp'))
      : ctx.stages.run('tcp', target, () => openStream(ctx, entry, dialable, signal), {
          translate: translate('tcp'),
          detail: () => (dialable.kind === 'socket' ? 'connected to the Unix-domain socket' : 'connected'),
        });

  const passwordTarget: PasswordTarget = { host: entry.host, port: entry.port, user: ctx.plan.user, database: ctx.plan.database };
  const authenticate = (stream: Duplex, channel: Channel): Promise<AddressSuccess> =>
    ctx.stages.run(
      'auth',
      target,
      async () => {
        const client = await startSession(stream, {
          host: entry.host,
          port: entry.port,
          user: ctx.plan.user,
          database: ctx.plan.database,
          applicationName: ctx.plan.applicationName,
          options: ctx.plan.options,
          password: () => ctx.password(passwordTarget),
          allowCleartext: channel.report.verified,
        });
        const refusal = certModeRefusal(ctx.plan.tls, channel.clientCert, { host: entry.host, port: entry.port, user: ctx.plan.user });
        if (refusal) {
          await client.end().catch(() => {});
          throw refusal;
        }
        return { client, tls: channel.report, warnings: [] };
      },
      { translate: translate('auth'), detail: () => `logged in as ${ctx.plan.user} to ${ctx.plan.database}` },
    );

  const sslmode = ctx.plan.tls.sslmode;
  const methods = encryptionMethods(sslmode, dialable.kind === 'socket');
  let previous: BridgeError | undefined;
  try {
    for (let i = 0; i < methods.length; i++) {
      const hasNext = i + 1 < methods.length;
      if (methods[i] === 'plain') {
        const stream = await open().catch(openFailed);
        ctx.stages.skip('tls', target, plaintextReason(sslmode, dialable));
        try {
          return await guarded(stream, signal, () => authenticate(stream, PLAINTEXT));
        } catch (error) {
          if (hasNext && isServerFailure(error) && shouldFallBack(sslmode, 'server-error-during-startup', sqlstateOf(error))) {
            previous = error as BridgeError;
            continue;
          }
          throw moreTelling(previous, error);
        }
      }

      const stream = await open().catch(openFailed);
      try {
        const success = await guarded(stream, signal, async () => {
          const secured = await negotiate(ctx, stream, entry, target, signal, translate('tls'), hasNext);
          if (secured === 'declined') {
            try {
              return await authenticate(stream, PLAINTEXT); // prefer: same socket, as libpq
            } catch (error) {
              throw noTlsOnOffer(error);
            }
          }
          try {
            return await authenticate(secured.socket, secured);
          } catch (error) {
            if (hasNext && isServerFailure(error) && shouldFallBack(sslmode, 'server-error-during-startup', sqlstateOf(error))) throw new FallBack(error as BridgeError);
            throw error;
          }
        });
        if (success.tls.encrypted && previous?.code === 'PG_NO_HBA_ENTRY_PLAINTEXT') success.warnings.push(tlsRequiredWarning(sslmode));
        return success;
      } catch (error) {
        stream.destroy();
        if (error instanceof FallBack) {
          previous = error.reason;
          continue;
        }
        throw moreTelling(previous, error);
      }
    }
    throw new Error('unreachable: every sslmode has at least one method');
  } catch (error) {
    throw asAttemptFailure(error, translate('auth'));
  } finally {
    dispose();
  }
}

/**
 * SSLRequest (or direct TLS) and the handshake. Returns `declined` when the server answered `N` and the sslmode
 * may go on in plaintext; throws FallBack when the handshake failed and the sslmode retries without TLS.
 */
async function negotiate(
  ctx: AttemptContext,
  stream: Duplex,
  entry: HostEntry,
  target: string,
  signal: AbortSignal,
  translate: (error: unknown) => BridgeError,
  hasNext: boolean,
): Promise<TlsSession | 'declined'> {
  const plan = ctx.plan.tls;
  // Only a failure of the handshake itself falls back: an `E` or stray bytes after `S` are hard errors in libpq.
  let handshaking = false;
  try {
    return await ctx.stages.run(
      'tls',
      target,
      async (): Promise<TlsSession | 'declined'> => {
        if (plan.negotiation === 'postgres') {
          const answer = await requestSsl(stream);
          if (answer.kind === 'N') {
            if (!(hasNext && shouldFallBack(plan.sslmode, 'server-declines-tls'))) {
              throw new BridgeError('TLS_NOT_SUPPORTED_BY_SERVER', { data: { host: entry.host, sslmode: plan.sslmode } });
            }
            return 'declined';
          }
          if (answer.kind === 'E') throw answer.error ?? protocolError(entry, 'the server answered SSLRequest with an error');
          if (answer.kind === 'invalid') throw protocolError(entry, answer.reason);
        }
        handshaking = true;
        return startTls(stream, plan, entry.host, signal);
      },
      {
        translate,
        detail: (session) =>
          session === 'declined'
            ? `the server does not support TLS; continuing unencrypted (sslmode=${plan.sslmode})`
            : `${session.report.protocol ?? 'TLS'}, ${session.report.cipher ?? ''}, ${session.report.verified ? (plan.sslmode === 'verify-full' ? 'certificate and host name verified' : 'certificate chain verified') : 'certificate not verified'}`,
      },
    );
  } catch (error) {
    // A failed handshake (including a certificate that does not verify) retries in plaintext under prefer.
    if (hasNext && handshaking && !signal.aborted && shouldFallBack(plan.sslmode, 'tls-handshake-fails')) {
      throw new FallBack(error as BridgeError);
    }
    throw error;
  }
}

function openStream(ctx: AttemptContext, entry: HostEntry, dialable: Exclude<Dialable, { kind: 'tunnel' }>, signal: AbortSignal): Promise<Duplex> {
  const keepalive = { enabled: ctx.plan.keepalives, idleSeconds: ctx.plan.keepalivesIdleSeconds };
  switch (dialable.kind) {
    case 'socket':
      return dial({ path: dialable.path }, keepalive, signal);
    case 'ip': {
      const refused = ctx.policy.check(dialable.address, entry.port);
      if (refused) return Promise.reject(new BridgeError('NET_TARGET_NOT_ALLOWED', { data: { host: entry.host, address: dialable.address, reason: refused } }));
      return dial({ address: dialable.address, port: entry.port }, keepalive, signal);
    }
  }
}

/**
 * A channel through the tunnel. The far end dials, so the `tcp` stage is reported as skipped — unless the
 * channel itself fails, which is the database's TCP connection failing at the far end. The tunnel's own stages
 * (only when it has to open its hops here: no `prepare`, or a tunnel lost since) go through the recorder, which
 * keeps and redacts them like the engine's.
 */
async function openChannel(ctx: AttemptContext, entry: HostEntry, target: string, signal: AbortSignal, translate: (error: unknown) => BridgeError): Promise<Duplex> {
  if (!ctx.tunnel) throw new Error('no tunnel factory');
  let tunnelReportedFailure = false;
  const onStage = (report: StageReport) => {
    if (report.status === 'failed') tunnelReportedFailure = true;
    ctx.stages.report(report);
  };
  let stream: Duplex;
  try {
    stream = await ctx.tunnel({ host: entry.hostaddr ?? entry.host, port: entry.port, signal, onStage });
  } catch (error) {
    const translated = translate(error);
    // A failure the tunnel already showed on its own `ssh` stage is not shown twice.
    if (!tunnelReportedFailure) ctx.stages.record('tcp', 'failed', target, translated.message, translated);
    throw translated;
  }
  stream.on('error', () => {}); // the attempt watches it through its own listeners from here on
  ctx.stages.skip('tcp', target, `the far end of the tunnel connects to ${entry.hostaddr ?? entry.host}:${entry.port}`);
  return stream;
}

/** Runs `fn` with the stream destroyed as soon as the attempt's signal aborts (timeout or cancel). */
async function guarded<T>(stream: Duplex, signal: AbortSignal, fn: () => Promise<T>): Promise<T> {
  const onAbort = () => stream.destroy();
  if (signal.aborted) onAbort();
  signal.addEventListener('abort', onAbort, { once: true });
  try {
    return await fn();
  } finally {
    signal.removeEventListener('abort', onAbort);
  }
}

/**
 * After a fallback both methods failed; libpq prints both messages, the bridge reports the one that explains
 * more. A plaintext "no pg_hba.conf entry … no encryption" only says the server has no line for plaintext: after
 * a failed TLS attempt (prefer), the TLS failure — an untrusted certificate, or no pg_hba.conf line for SSL
 * either — is the real story; and when the server does not even offer TLS (allow), there is no line at all.
 */
function moreTelling(previous: BridgeError | undefined, error: unknown): unknown {
  if (!previous || !(error instanceof BridgeError)) return error;
  if (error.code === 'PG_NO_HBA_ENTRY_PLAINTEXT') return previous;
  if (error.code === 'TLS_NOT_SUPPORTED_BY_SERVER' && previous.code === 'PG_NO_HBA_ENTRY_PLAINTEXT') return noTlsOnOffer(previous);
  return error;
}

/**
 * A server that answered `N` to SSLRequest cannot be requiring TLS, so its plaintext "no pg_hba.conf entry"
 * means no entry for this user and database at all.
 */
function noTlsOnOffer(error: unknown): unknown {
  if (!(error instanceof BridgeError) || error.code !== 'PG_NO_HBA_ENTRY_PLAINTEXT') return error;
  return new BridgeError('PG_NO_HBA_ENTRY', { ...(error.data && { data: error.data }), cause: error });
}

/**
 * The one place the engine knows TLS_REQUIRED_BY_SERVER for certain: the plaintext login was refused for want of
 * a pg_hba.conf line, and the TLS login that followed got in. The connection works; the profile should say so.
 */
function tlsRequiredWarning(sslmode: string): string {
  const known = new BridgeError('TLS_REQUIRED_BY_SERVER');
  return `${known.message} The unencrypted attempt sslmode=${sslmode} makes first was refused, so TLS was used. ${known.hint}`;
}

/** A stream that never opened (refused, unreachable, timed out, not allowed) moves on to the next address. */
function openFailed(error: BridgeError): never {
  throw new AttemptFailure(error, error.code === 'BRIDGE_CANCELLED' ? 'stop' : 'address');
}

/** A failure that is the server's answer (an ErrorResponse), as opposed to a network or TLS failure. */
function isServerFailure(error: unknown): boolean {
  return sqlstateOf(error) !== undefined;
}

function asAttemptFailure(error: unknown, translate: (error: unknown) => BridgeError): AttemptFailure {
  if (error instanceof AttemptFailure) return error;
  const translated = translate(error);
  if (translated.code === 'NET_TIMEOUT') return new AttemptFailure(translated, 'address');
  if (sqlstateOf(translated) === '57P03') return new AttemptFailure(translated, 'host');
  return new AttemptFailure(translated, 'stop');
}

function protocolError(entry: HostEntry, reason: string): BridgeError {
  return new BridgeError('PG_PROTOCOL_ERROR', { data: { host: entry.host, port: entry.port, reason } });
}

function plaintextReason(sslmode: string, dialable: Dialable): string {
  if (dialable.kind === 'socket') return 'Unix-domain sockets never use TLS';
  if (sslmode === 'disable') return 'sslmode=disable';
  return `sslmode=${sslmode}: trying without encryption`;
}

/** How a stage names the address: `db.example.com:5432 (10.0.0.5)`, a socket path, or the tunnelled host. */
export function describe(entry: HostEntry, dialable: Dialable): string {
  switch (dialable.kind) {
    case 'socket':
      return dialable.path.startsWith('\0') ? `@${dialable.path.slice(1)}` : dialable.path;
    case 'tunnel':
      return `${entry.host}:${entry.port} (tunnel)`;
    case 'ip':
      return dialable.address === entry.host ? `${entry.host}:${entry.port}` : `${entry.host}:${entry.port} (${dialable.address})`;
  }
}

export { socketPath };
