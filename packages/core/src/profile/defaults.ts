import { isLocalHost } from './hosts.js';
import type { ClientSettings, ConnectionProfile, HostPort, SslSettings } from './profile.js';

/** What a caller may fix up front; anything left out gets the dialog's defaults. */
export type ProfileInit = Partial<Omit<ConnectionProfile, 'ssl' | 'client'>> & {
  ssl?: Partial<SslSettings>;
  client?: Partial<ClientSettings>;
};

/** The sslmode and root certificate a new profile starts with. */
export type DefaultSsl = Pick<SslSettings, 'sslmode' | 'rootCert'>;

export const DEFAULT_PORT = 5432;
export const DEFAULT_CONNECT_TIMEOUT_SECONDS = 15;
export const DEFAULT_APPLICATION_NAME = 'pgconnect';

/** core is typed without DOM or Node libraries; both provide this global (Node ≥ 19, every current browser). */
const webCrypto = (globalThis as unknown as { crypto: { randomUUID(): string } }).crypto;

/**
 * A complete new profile, as the dialog's "New Connection" shows it.
 *
 * TLS is secure by default: a remote server gets `verify-full` against the system trust store, so a wrong or
 * self-signed certificate fails loudly instead of being accepted silently; only a server on this machine starts
 * at libpq's own default, `prefer`. An explicit `init.ssl.sslmode` is the caller's choice and is kept as given.
 */
export function createProfile(init: ProfileInit = {}): ConnectionProfile {
  const { ssl, client, ...rest } = init;
  const hosts = rest.hosts ?? [{ host: '', port: DEFAULT_PORT }];
  return {
    id: webCrypto.randomUUID(),
    name: '',
    scope: 'user',
    mode: 'parameters',
    auth: { type: 'password', user: '', savePassword: false },
    ...rest,
    hosts,
    ssl: initialSsl(ssl, hosts),
    client: {
      applicationName: DEFAULT_APPLICATION_NAME,
      connectTimeoutSeconds: DEFAULT_CONNECT_TIMEOUT_SECONDS,
      keepalives: true,
      copilotAccessMode: 'global',
      ...client,
    },
  };
}

function initialSsl(ssl: Partial<SslSettings> | undefined, hosts: readonly HostPort[]): SslSettings {
  if (!ssl) return defaultSslFor(hosts);
  if (ssl.sslmode) return { ...ssl, sslmode: ssl.sslmode };
  // libpq's own rule: sslrootcert=system without an sslmode means verify-full.
  if (ssl.rootCert === 'system') return { ...ssl, sslmode: 'verify-full' };
  const byDefault = defaultSslFor(hosts);
  const rootCert = ssl.rootCert ?? byDefault.rootCert;
  return rootCert ? { ...ssl, sslmode: byDefault.sslmode, rootCert } : { ...ssl, sslmode: byDefault.sslmode };
}

/**
 * The secure default for these hosts: `prefer` when every host is on this machine (localhost, 127.0.0.0/8, ::1,
 * a socket, or empty), otherwise `verify-full` with `rootCert: 'system'`. One remote host is enough to need
 * verification, because libpq applies one sslmode to every host in the list.
 */
export function defaultSslFor(hosts: readonly (HostPort | string)[]): DefaultSsl {
  const names = hosts.map((h) => (typeof h === 'string' ? h : h.host));
  return names.every(isLocalHost) ? { sslmode: 'prefer' } : { sslmode: 'verify-full', rootCert: 'system' };
}

/**
 * `ssl` with its sslmode and root certificate replaced by the default for `hosts`, everything else kept.
 *
 * The dialog calls this on each edit of the host list for as long as the user has not touched the sslmode or
 * the root certificate; once they have, their choice stands and the dialog stops calling it. (A pasted
 * connection string that carries `sslmode` counts as the user's choice.) Going from a remote host back to a
 * local one also drops `rootCert: 'system'`, since libpq refuses it with any mode but verify-full.
 */
export function withDefaultSsl(ssl: SslSettings, hosts: readonly (HostPort | string)[]): SslSettings {
  const { rootCert: _previous, ...rest } = ssl;
  return { ...rest, ...defaultSslFor(hosts) };
}
