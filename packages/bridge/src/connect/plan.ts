/**
 * Profile → plan: everything a connection attempt needs, resolved once and up front, with libpq's connect-time
 * rules (fe-connect.c `pqConnectOptions2`) applied — list lengths, defaults for empty fields, and the sslmode
 * combinations libpq refuses. Nothing here touches the network.
 */
import { existsSync } from 'node:fs';
import { homedir, userInfo } from 'node:os';
import {
  DEFAULT_CONNECT_TIMEOUT_SECONDS,
  DEFAULT_PORT,
  isIpLiteral,
  isSocketPath,
  type AuthType,
  type ConnectionProfile,
  type SslMode,
  type SslSettings,
  type TargetSessionAttrs,
  type TlsVersion,
} from '@pgconnect/core';
import { bridgeError } from '../errors/translate.js';
import { loadTlsMaterial, type TlsMaterial } from './tls-material.js';

/** One entry of libpq's host list, with its port and optional numeric address. */
export interface HostEntry {
  /** The name as given: what TLS verifies and what stages and errors show. A socket directory for sockets. */
  host: string;
  port: number;
  /** libpq `hostaddr`: dial this address instead of resolving `host`. */
  hostaddr: string | undefined;
  kind: 'tcp' | 'socket';
}

export interface TlsPlan {
  sslmode: SslMode;
  negotiation: 'postgres' | 'direct';
  material: TlsMaterial;
  /** Send SNI (libpq `sslsni`, default on); never for IP literals. */
  sni: boolean;
  /** Checked instead of the host name when set (through a tunnel or by IP). */
  serverName: string | undefined;
  minVersion: TlsVersion;
  maxVersion: TlsVersion | undefined;
  /** libpq `sslcertmode` (default allow); `disable` already kept the certificate out of `material`. */
  certMode: 'disable' | 'allow' | 'require';
}

export interface ConnectPlan {
  hosts: HostEntry[];
  user: string;
  database: string;
  applicationName: string | undefined;
  /** Backend options, with `default_transaction_read_only` added for read-only profiles. */
  options: string | undefined;
  authType: AuthType;
  tls: TlsPlan;
  /** Per host and address, as libpq counts connect_timeout; undefined waits for ever. */
  timeoutMs: number | undefined;
  targetSessionAttrs: TargetSessionAttrs;
  loadBalance: boolean;
  keepalives: boolean;
  keepalivesIdleSeconds: number | undefined;
  warnings: string[];
}

export interface PlanOptions {
  homeDir: string | null;
  systemCaFile: string | undefined;
  sslpassword: string | undefined;
}

/**
 * libpq's compiled-in socket directory when `host` is empty: Debian and Ubuntu build with /var/run/postgresql,
 * upstream with /tmp.
 */
function defaultSocketDir(): string {
  return existsSync('/var/run/postgresql') ? '/var/run/postgresql' : '/tmp';
}

/** The bridge speaks UTF-8 to every server (pg decodes everything as UTF-8 and results travel as JSON). */
const UTF8_NAMES = new Set(['utf8', 'utf-8', 'unicode', 'auto']);

export async function buildPlan(profile: ConnectionProfile, options: PlanOptions): Promise<ConnectPlan> {
  const warnings: string[] = [];
  const hosts = hostEntries(profile);
  const sslmode = profile.ssl.sslmode;
  checkSslCombination(profile.ssl, sslmode);
  const user = profile.auth.user || userInfo().username;
  const timeoutSeconds = profile.client.connectTimeoutSeconds ?? DEFAULT_CONNECT_TIMEOUT_SECONDS;

  const encoding = profile.client.clientEncoding;
  if (encoding && !UTF8_NAMES.has(encoding.toLowerCase())) {
    warnings.push(`client_encoding ${encoding} is not used: the bridge always talks to the server in UTF8, and the server converts.`);
  }
  const material = await loadTlsMaterial(profile.ssl, {
    homeDir: options.homeDir,
    systemCaFile: options.systemCaFile,
    sslpassword: options.sslpassword,
  });
  const needsRoot = sslmode === 'verify-ca' || sslmode === 'verify-full';
  const usesTcp = hosts.some((h) => h.kind === 'tcp');
  if (needsRoot && material.ca === undefined && usesTcp) {
    // libpq: `root certificate file "~/.postgresql/root.crt" does not exist`. Not TLS_CERT_UNTRUSTED: no
    // certificate was looked at, and the fix is a setting, not the server's certificate.
    throw bridgeError('TLS_ROOT_CERT_REQUIRED', { sslmode }, {
      ...(options.homeDir !== null && {
        message: `SSL mode ${sslmode} checks the server's certificate, but no root certificate is set (and ~/.postgresql/root.crt does not exist).`,
      }),
    });
  }

  return {
    hosts,
    user,
    database: profile.database || user,
    applicationName: profile.client.applicationName || undefined,
    options: backendOptions(profile),
    authType: profile.auth.type,
    tls: {
      sslmode,
      negotiation: profile.ssl.sslnegotiation ?? 'postgres',
      material,
      sni: profile.ssl.sni ?? true,
      serverName: profile.ssl.serverName || undefined,
      minVersion: profile.ssl.minTlsVersion ?? 'TLSv1.2',
      maxVersion: profile.ssl.maxTlsVersion,
      certMode: profile.ssl.certMode ?? 'allow',
    },
    timeoutMs: timeoutSeconds > 0 ? timeoutSeconds * 1000 : undefined,
    targetSessionAttrs: profile.client.targetSessionAttrs ?? 'any',
    loadBalance: profile.client.loadBalanceHosts === 'random',
    keepalives: profile.client.keepalives ?? true,
    keepalivesIdleSeconds: profile.client.keepalivesIdleSeconds,
    warnings,
  };
}

/** Default for `homeDir`: the bridge user's home, where libpq looks for `.postgresql/root.crt`. */
export function defaultHomeDir(): string {
  return homedir();
}

/** libpq's host/hostaddr/port lists: hostaddr, when given, fixes the count; empty hosts mean the default. */
function hostEntries(profile: ConnectionProfile): HostEntry[] {
  const hostaddr = profile.hostaddr ?? [];
  const first = profile.hosts[0];
  const noHostNames = profile.hosts.length === 0 || (profile.hosts.length === 1 && first?.host === '');
  if (hostaddr.length > 0 && !noHostNames && profile.hosts.length !== hostaddr.length) {
    throw bridgeError('PROFILE_INVALID_VALUE', {}, {
      data: { field: 'hostaddr' },
      message: `could not match ${profile.hosts.length} host names to ${hostaddr.length} hostaddr values`,
    });
  }
  const count = Math.max(noHostNames ? 1 : profile.hosts.length, hostaddr.length);
  const entries: HostEntry[] = [];
  for (let i = 0; i < count; i++) {
    const given = noHostNames ? first : profile.hosts[i];
    const address = hostaddr[i] || undefined;
    let host = noHostNames ? '' : (given?.host ?? '');
    if (host === '' && address === undefined) host = defaultSocketDir();
    if (address !== undefined && !isIpLiteral(address)) {
      throw bridgeError('PROFILE_INVALID_VALUE', {}, { data: { field: `hostaddr.${i}` }, message: `"${address}" is not an IP address.` });
    }
    const kind = address === undefined && isSocketPath(host) ? 'socket' : 'tcp';
    entries.push({ host, port: given?.port ?? DEFAULT_PORT, hostaddr: address, kind });
  }
  return entries;
}

/** libpq refuses these before connecting (fe-connect.c `pqConnectOptions2`). */
function checkSslCombination(ssl: SslSettings, sslmode: SslMode): void {
  const strong = sslmode === 'require' || sslmode === 'verify-ca' || sslmode === 'verify-full';
  if (ssl.rootCert === 'system' && sslmode !== 'verify-full') throw bridgeError('TLS_SSLMODE_WEAK_WITH_SYSTEM_ROOT', { sslmode });
  if (ssl.sslnegotiation === 'direct' && !strong) throw bridgeError('TLS_SSLMODE_WEAK_WITH_DIRECT', { sslmode });
  const order = ['TLSv1', 'TLSv1.1', 'TLSv1.2', 'TLSv1.3'];
  if (ssl.minTlsVersion && ssl.maxTlsVersion && order.indexOf(ssl.minTlsVersion) > order.indexOf(ssl.maxTlsVersion)) {
    throw bridgeError('PROFILE_INVALID_VALUE', {}, { data: { field: 'ssl.minTlsVersion' }, message: 'invalid SSL protocol version range' });
  }
}

/**
 * libpq `options`, plus the read-only switch: a read-only profile is enforced by the server
 * (`default_transaction_read_only`), never by parsing SQL.
 */
function backendOptions(profile: ConnectionProfile): string | undefined {
  const parts = [profile.client.options?.trim() ?? ''];
  if (profile.client.readOnly) parts.push('-c default_transaction_read_only=on');
  const joined = parts.filter((p) => p !== '').join(' ');
  return joined === '' ? undefined : joined;
}
