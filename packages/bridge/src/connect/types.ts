/**
 * The connect engine's public shapes: what a caller passes in (options, the tunnel seam, a password provider)
 * and what it gets back (an open pg.Client with the facts of how it was reached).
 */
import type { Duplex } from 'node:stream';
import type pg from 'pg';
import type { StageReport, TlsReport } from '@pgconnect/core';
import type { Logger } from '../log/logger.js';
import type { TargetPolicy } from './target-policy.js';

/** One stage event: `running` when a stage starts, then `ok`, `failed` or `skipped`. */
export type StageListener = (report: StageReport) => void;

/** Where a tunnel should take us: the database host and port as the far end sees them. */
export interface TunnelTarget {
  host: string;
  port: number;
  /** The address's deadline (connect_timeout) and the caller's cancel. */
  signal: AbortSignal;
  /** For the tunnel's own stages (`ssh`, once per hop) when the tunnel has to be opened here after all. */
  onStage: StageListener;
}

/** What a tunnel's one-time setup gets: the caller's cancel only, never the per-address deadline. */
export interface TunnelSetup {
  signal: AbortSignal;
  /** For the tunnel's own stages (`ssh`, once per hop). */
  onStage: StageListener;
}

/**
 * The seam for SSH (and anything else that carries the bytes): given the database host and port, yield a
 * connected Duplex. The engine then runs SSLRequest, TLS and startup over it exactly as over TCP, verifying
 * the certificate against the real host name. With a tunnel there is no local DNS or TCP stage: the far end
 * resolves and dials.
 *
 * `prepare`, when present, is awaited once before the first address, with no deadline but the caller's cancel:
 * it opens what every address shares (the SSH hops). That setup has its own timeouts and may wait on a person —
 * a first-use host-key prompt — so connect_timeout, which libpq defines per address, covers only what follows:
 * the channel, TLS and authentication.
 */
export type TunnelFactory = ((target: TunnelTarget) => Promise<Duplex>) & {
  prepare?: (setup: TunnelSetup) => Promise<void>;
};

/** Who is asking for a password: the server being logged in to, as the profile names it. */
export interface PasswordTarget {
  /**
   * The libpq `host` entry being connected — the name, never the address dialled (`hostaddr`, a resolved IP,
   * or the local end of a tunnel), because that name is what the certificate was checked against and what a
   * cloud token must be signed for. A socket directory for Unix sockets.
   */
  host: string;
  port: number;
  user: string;
  database: string;
}

/**
 * Supplies the password when, and only when, the server asks for one. RDS IAM and Entra plug in here so each
 * new connection gets a fresh token; the target says which host of a multi-host profile asked, since an RDS
 * token is valid for one endpoint only. `undefined` means there is none (the connection fails with
 * PG_PASSWORD_REQUIRED rather than looking anywhere else).
 */
export type PasswordProvider = (target: PasswordTarget) => Promise<string | undefined> | string | undefined;

export interface ConnectOptions {
  signal?: AbortSignal;
  /** Every secret handed in is added to this logger's redactor before anything is logged. */
  logger?: Logger;
  onStage?: StageListener;
  tunnel?: TunnelFactory;
  /** Overrides `secrets.password` (cloud tokens). */
  password?: PasswordProvider;
  /**
   * `password` returns short-lived tokens, a new one for every connection (RDS IAM, Entra): the redactor keeps
   * each for CLOUD_TOKEN_REDACTION_MS rather than for the bridge's life. Anything else it returns is kept for
   * good, like every other secret.
   */
  passwordIsToken?: boolean;
  /**
   * Where libpq's `~/.postgresql/root.crt` is looked for when the profile sets no root certificate; `null`
   * turns the lookup off (server mode, tests). Default: the bridge user's home directory.
   */
  homeDir?: string | null;
  /** Which resolved addresses may be dialled. Default: everything but link-local and metadata addresses. */
  targetPolicy?: TargetPolicy;
  /** For `load_balance_hosts=random`; tests pass a seeded generator. Returns [0, 1). */
  random?: () => number;
  /** Where the system trust store is read from for `sslrootcert=system`. Default: OpenSSL's default file. */
  systemCaFile?: string;
}

/** Which host, address and encryption a successful connection used. */
export interface Endpoint {
  /** The host entry that answered (the name, not the address), or the socket directory. */
  host: string;
  port: number;
  /** The address dialled (an IP, a socket path, or `tunnel`). */
  address: string;
  tls: TlsReport;
}

export interface Connected {
  /** Connected and past target_session_attrs; the caller owns it and must `end()` it. */
  client: pg.Client;
  endpoint: Endpoint;
  /** Things the user should know that did not stop the connection (an ignored client_encoding…). */
  warnings: string[];
}
