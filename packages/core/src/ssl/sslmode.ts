/**
 * libpq's sslmode semantics as data, read from fe-connect.c and fe-secure-openssl.c (libpq 18), so the dialog
 * can explain a choice and the bridge can reproduce it with node-postgres, which implements none of it.
 * Everything here is about TCP: a Unix-domain socket never uses TLS, whatever the sslmode.
 */
import { isSocketPath } from '../profile/hosts.js';
import type { HostPort, SslMode, SslSettings } from '../profile/profile.js';

/** One way of speaking to the server on a connection attempt. */
export type EncryptionAttempt = 'plain' | 'tls';

/** What makes libpq give up on the first attempt and open a new one the other way. */
export type FallbackTrigger =
  /** The server answered `N` to SSLRequest; libpq continues in plaintext on the same socket. */
  | 'server-declines-tls'
  /** The TLS handshake failed, including a certificate that does not verify against a loaded root cert. */
  | 'tls-handshake-fails'
  /** The server sent an ErrorResponse during startup or authentication (pg_hba rejection, wrong password…). */
  | 'server-error-during-startup';

export interface SslModeSemantics {
  mode: SslMode;
  /** Encryption methods tried, in order, on each address. */
  attempts: readonly EncryptionAttempt[];
  /**
   * Whether the server's certificate chain is checked. `withRootCert`: a root certificate is loaded (sslrootcert,
   * `system`, or `~/.postgresql/root.crt` when it exists). `withoutRootCert`: none is.
   */
  chain: { withRootCert: boolean; withoutRootCert: 'not-checked' | 'connection-fails' };
  /** Whether the certificate must name the host (DNS or IP SAN; CN only without SANs of that type). */
  hostnameChecked: boolean;
  /** When the second method in `attempts` is used; null when there is only one. */
  fallback: { to: EncryptionAttempt; when: readonly FallbackTrigger[] } | null;
  /** One line for the sslmode picker. */
  summary: string;
  /** What the mode protects against and what it does not, for the help text. */
  explanation: string;
}

export const SSLMODE_SEMANTICS: Readonly<Record<SslMode, SslModeSemantics>> = {
  disable: {
    mode: 'disable',
    attempts: ['plain'],
    chain: { withRootCert: false, withoutRootCert: 'not-checked' },
    hostnameChecked: false,
    fallback: null,
    summary: 'Never encrypt.',
    explanation:
      'Everything, including the password exchange and every query and result, crosses the network in clear text. ' +
      'Use it only on a trusted network or over an SSH tunnel.',
  },
  allow: {
    mode: 'allow',
    attempts: ['plain', 'tls'],
    chain: { withRootCert: true, withoutRootCert: 'not-checked' },
    hostnameChecked: false,
    fallback: { to: 'tls', when: ['server-error-during-startup'] },
    summary: 'Connect unencrypted; encrypt only if the server refuses that.',
    explanation:
      'libpq first connects in plaintext and switches to TLS only when the server rejects the unencrypted session ' +
      '(for example pg_hba.conf allows only hostssl). Anyone on the network path can read the session and can ' +
      'impersonate the server.',
  },
  prefer: {
    mode: 'prefer',
    attempts: ['tls', 'plain'],
    chain: { withRootCert: true, withoutRootCert: 'not-checked' },
    hostnameChecked: false,
    fallback: { to: 'plain', when: ['server-declines-tls', 'tls-handshake-fails', 'server-error-during-startup'] },
    summary: 'Encrypt if the server supports it, otherwise connect unencrypted.',
    explanation:
      "libpq's default. It protects against passive eavesdropping only: an attacker who can answer in the " +
      "server's place simply declines TLS and gets a plaintext session, and the certificate is not checked " +
      'unless a root certificate is loaded. A failed login over TLS is retried in plaintext, so the password ' +
      'may be sent twice.',
  },
  require: {
    mode: 'require',
    attempts: ['tls'],
    chain: { withRootCert: true, withoutRootCert: 'not-checked' },
    hostnameChecked: false,
    fallback: null,
    summary: 'Always encrypt; do not check the certificate.',
    explanation:
      'The connection is always encrypted, but without a root certificate any certificate is accepted, so an ' +
      'active attacker can still impersonate the server. When a root certificate is loaded, libpq checks the ' +
      'chain and require behaves as verify-ca.',
  },
  'verify-ca': {
    mode: 'verify-ca',
    attempts: ['tls'],
    chain: { withRootCert: true, withoutRootCert: 'connection-fails' },
    hostnameChecked: false,
    fallback: null,
    summary: 'Always encrypt; check the certificate is signed by a trusted CA.',
    explanation:
      'The certificate must chain to the root certificate you give, but any server holding a certificate from ' +
      'that CA is accepted, whatever its name. Safe with a private CA that signs only your database servers; ' +
      'with a public CA it is not, which is why libpq refuses verify-ca with the system trust store.',
  },
  'verify-full': {
    mode: 'verify-full',
    attempts: ['tls'],
    chain: { withRootCert: true, withoutRootCert: 'connection-fails' },
    hostnameChecked: true,
    fallback: null,
    summary: 'Always encrypt; check the certificate and that it names this server.',
    explanation:
      'The strongest mode: the certificate must chain to a trusted root and name the host you connect to (an IP ' +
      'address host must be in the certificate as an IP address). This is the only mode that stops an active ' +
      'attacker in every case.',
  },
};

/** The modes that never send anything in plaintext over TCP. */
export const ENCRYPTED_ONLY_MODES: readonly SslMode[] = ['require', 'verify-ca', 'verify-full'];

/** The SSL fields libpq's rules look at; sslmode is optional because a connection string may leave it out. */
export type SslModeInput = { sslmode?: SslMode | undefined; rootCert?: SslSettings['rootCert'] | undefined };

export interface TlsContext {
  /**
   * Whether `~/.postgresql/root.crt` exists on the machine that connects. libpq loads it when no root
   * certificate is set, which makes prefer and require check the chain. Only the bridge can know.
   */
  homeRootCert?: boolean;
}

/**
 * The sslmode whose guarantees actually apply, by libpq's rules: with no sslmode, `sslrootcert=system` means
 * verify-full and anything else means prefer; require with a root certificate loaded behaves as verify-ca.
 * Combinations libpq refuses (a weak mode with `system`) are the validators' business, not this function's.
 */
export function effectiveSslmode(ssl: SslModeInput, context: TlsContext = {}): SslMode {
  const mode = ssl.sslmode ?? (ssl.rootCert === 'system' ? 'verify-full' : 'prefer');
  if (mode === 'require' && hasRootCert(ssl, context)) return 'verify-ca';
  return mode;
}

export interface TlsGuarantee {
  /** `'if-offered'`: encrypted only when the server agrees, so an attacker can downgrade it. */
  encryption: 'always' | 'if-offered' | 'never';
  /** True only when every connection that succeeds has had its certificate chain checked. */
  serverVerified: boolean;
  /** True only when every connection that succeeds has had the certificate's name checked against the host. */
  nameChecked: boolean;
  /** One sentence for the UI. */
  headline: string;
  /** Further facts the user should know about this configuration. */
  details: string[];
}

/**
 * What the user actually gets from these settings, in plain words: encrypted? server verified? name checked?
 * Pass the hosts to account for Unix sockets, which never use TLS.
 */
export function describeTlsGuarantee(
  ssl: SslModeInput,
  context: TlsContext & { hosts?: readonly HostPort[] } = {},
): TlsGuarantee {
  const mode = effectiveSslmode(ssl, context);
  const semantics = SSLMODE_SEMANTICS[mode];
  const rootCertLoaded = hasRootCert(ssl, context);
  const details: string[] = [];
  const hosts = context.hosts ?? [];
  const sockets = hosts.filter((h) => isSocketPath(h.host)).length;

  if (hosts.length > 0 && sockets === hosts.length) {
    return {
      encryption: 'never',
      serverVerified: false,
      nameChecked: false,
      headline: 'Not encrypted: Unix-domain sockets never use TLS, but they never leave this machine either.',
      details,
    };
  }
  if (sockets > 0) details.push('Socket hosts in the list connect without TLS, whatever the sslmode.');
  if (mode === 'verify-ca' && ssl.sslmode === 'require') {
    details.push('A root certificate is loaded, so require checks the certificate chain, as verify-ca does.');
  }
  if (semantics.chain.withoutRootCert === 'connection-fails' && !rootCertLoaded) {
    details.push('No root certificate is set: libpq looks for ~/.postgresql/root.crt and fails if it is missing.');
  }
  if (semantics.fallback?.to === 'plain' && rootCertLoaded) {
    details.push('The certificate is checked when TLS is used, but a failed check falls back to plaintext.');
  }
  if (mode === 'prefer') {
    details.push('A failed login over TLS is retried in plaintext, which sends the password again.');
  }

  const encryption = mode === 'disable' ? 'never' : semantics.fallback ? 'if-offered' : 'always';
  // Without a root certificate, verify-ca and verify-full fail rather than connect, so a success was verified.
  const chainChecked = rootCertLoaded ? semantics.chain.withRootCert : semantics.chain.withoutRootCert === 'connection-fails';
  const serverVerified = encryption === 'always' && chainChecked;
  const nameChecked = encryption === 'always' && semantics.hostnameChecked;
  return { encryption, serverVerified, nameChecked, headline: headline(encryption, serverVerified, nameChecked), details };
}

function hasRootCert(ssl: SslModeInput, context: TlsContext): boolean {
  return ssl.rootCert !== undefined || context.homeRootCert === true;
}

function headline(encryption: TlsGuarantee['encryption'], verified: boolean, nameChecked: boolean): string {
  if (encryption === 'never') return 'Not encrypted: anyone on the network path can read and change the session.';
  if (encryption === 'if-offered') {
    return 'Encrypted only if the server offers TLS: an attacker can force a plaintext connection.';
  }
  if (nameChecked) return 'Encrypted, and the server proved it holds a trusted certificate for this host name.';
  if (verified) return 'Encrypted, and the certificate is from a trusted CA, but its host name is not checked.';
  return 'Encrypted, but the server is not verified: an attacker could impersonate it.';
}
