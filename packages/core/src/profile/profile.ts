/**
 * The connection profile: one typed model for the VS Code dialog, Neosync's form and the Advanced drawer.
 * A profile never holds a secret. Passwords, key passphrases and `sslpassword` live in the secret store,
 * keyed by profile id; the page only ever learns `hasPassword`.
 */

export type SslMode = 'disable' | 'allow' | 'prefer' | 'require' | 'verify-ca' | 'verify-full';
export const SSL_MODES: readonly SslMode[] = ['disable', 'allow', 'prefer', 'require', 'verify-ca', 'verify-full'];

export type TargetSessionAttrs = 'any' | 'read-write' | 'read-only' | 'primary' | 'standby' | 'prefer-standby';
export const TARGET_SESSION_ATTRS: readonly TargetSessionAttrs[] = [
  'any', 'read-write', 'read-only', 'primary', 'standby', 'prefer-standby',
];

export type TlsVersion = 'TLSv1' | 'TLSv1.1' | 'TLSv1.2' | 'TLSv1.3';
export const TLS_VERSIONS: readonly TlsVersion[] = ['TLSv1', 'TLSv1.1', 'TLSv1.2', 'TLSv1.3'];

export type SourceMode = 'parameters' | 'connectionString' | 'envVar' | 'azure';
export type ProfileScope = 'user' | 'workspace';
export type CopilotAccessMode = 'global' | 'readOnly' | 'readWrite';

/** A certificate or key given as a file the bridge reads (local mode only) or as pasted PEM text. */
export type PemSource = { path: string } | { pem: string };

/** One entry of libpq's `host`/`port` lists. An empty host means the default (socket directory or localhost). */
export interface HostPort {
  host: string;
  /** Absent means libpq's default, 5432. */
  port?: number;
}

export type AuthSettings =
  | { type: 'password'; user: string; savePassword: boolean }
  | { type: 'entra'; account: string; tenant: string; user: string }
  | { type: 'awsIam'; user: string; profile?: string; region?: string }
  | { type: 'pgpass'; user: string; passfile?: string }
  | { type: 'certificate'; user: string }
  | { type: 'none'; user?: string };
export type AuthType = AuthSettings['type'];

export interface SslSettings {
  sslmode: SslMode;
  /** `'system'` is libpq's sslrootcert=system: the operating system's trust store. */
  rootCert?: PemSource | 'system';
  clientCert?: PemSource;
  clientKey?: PemSource;
  /** True when an `sslpassword` for the client key is kept in the secret store. */
  hasSslPassword?: boolean;
  crl?: PemSource;
  /** The name to verify the certificate against when it differs from the host (for example through a tunnel). */
  serverName?: string;
  sslnegotiation?: 'postgres' | 'direct';
  minTlsVersion?: TlsVersion;
  maxTlsVersion?: TlsVersion;
  /** libpq `sslsni`; default true. */
  sni?: boolean;
  /** libpq `sslcertmode`. */
  certMode?: 'disable' | 'allow' | 'require';
  channelBinding?: 'disable' | 'prefer' | 'require';
}

export type SshAuth =
  | { type: 'password'; savePassword: boolean }
  | { type: 'privateKey'; key: PemSource; savePassphrase: boolean }
  | { type: 'agent'; socket?: string };

export interface SshJumpHost {
  host: string;
  port: number;
  user: string;
  auth: SshAuth;
  knownHostKey?: string;
}

export interface SshSettings {
  enabled: boolean;
  host: string;
  port: number;
  user: string;
  auth: SshAuth;
  /** A pinned host key fingerprint, `SHA256:<base64>`, as `ssh-keygen -lf` prints it. */
  knownHostKey?: string;
  jumpHosts?: SshJumpHost[];
  keepaliveSeconds?: number;
}

export interface ClientSettings {
  applicationName: string;
  /** Seconds per host and address, as libpq counts it; 0 waits for ever. */
  connectTimeoutSeconds: number;
  /** libpq `options`: backend command-line options such as `-c search_path=app`. */
  options?: string;
  clientEncoding?: string;
  targetSessionAttrs?: TargetSessionAttrs;
  loadBalanceHosts?: 'disable' | 'random';
  /** TCP keepalives; libpq turns them on by default. */
  keepalives?: boolean;
  keepalivesIdleSeconds?: number;
  /** Open sessions with `default_transaction_read_only=on`, enforced by the server. */
  readOnly?: boolean;
  copilotAccessMode: CopilotAccessMode;
  requireAuth?: string;
  gssencmode?: 'disable' | 'prefer' | 'require';
}

export interface AzureMetadata {
  subscriptionId?: string;
  resourceGroup?: string;
  serverName?: string;
}

export interface ConnectionProfile {
  /* identity */
  id: string;
  name: string;
  groupId?: string;
  scope: ProfileScope;
  color?: string;
  environment?: 'development' | 'staging' | 'production' | (string & {});

  /* source */
  mode: SourceMode;
  /** libpq's host list; the first entry is the dialog's "Server name". */
  hosts: HostPort[];
  /** libpq `hostaddr`: numeric addresses to dial while `hosts` still name the servers for TLS and pgpass. */
  hostaddr?: string[];
  database?: string;
  /** Neosync's environment-variable mode: the name of a variable holding a connection URL. */
  envVar?: string;
  /** libpq `service`: a group in pg_service.conf. */
  service?: string;

  auth: AuthSettings;
  ssl: SslSettings;
  ssh?: SshSettings;
  client: ClientSettings;
  azure?: AzureMetadata;

  /** libpq keywords the profile has no field for, kept so that nothing parsed is lost. */
  extra?: Record<string, string>;
}

/** What the page may know about a profile's secrets. */
export interface SecretPresence {
  hasPassword: boolean;
  hasSshSecret?: boolean;
  hasSslPassword?: boolean;
}
