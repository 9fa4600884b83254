/**
 * The one place the components import @pgconnect/core from.
 *
 * Values come from core's modules rather than its entry point: with code splitting, esbuild keeps every module
 * the entry point re-exports in a chunk the dialog loads up front (the connection-string parsers and the error
 * table among them, about 14 KB gzip), even though the dialog loads those on demand. Core needs subpath exports
 * for this (`"./*": "./dist/*"` in its package.json); the tests and scripts resolve them to the sources.
 */
export { createProfile, defaultSslFor, withDefaultSsl, DEFAULT_PORT } from '@pgconnect/core/profile/defaults.js';
export { validateProfile } from '@pgconnect/core/profile/validate.js';
export { isLocalHost, isSocketPath } from '@pgconnect/core/profile/hosts.js';
export { SSL_MODES, TLS_VERSIONS } from '@pgconnect/core/profile/profile.js';
export { SSLMODE_SEMANTICS } from '@pgconnect/core/ssl/sslmode.js';
export { detectProvider } from '@pgconnect/core/providers/detect.js';
export { inferRdsRegion } from '@pgconnect/core/providers/rds.js';
export type {
  AuthSettings,
  AuthType,
  ConnectionProfile,
  ConnectionStringFormat,
  CopilotAccessMode,
  HostPort,
  OutputFormat,
  ParseResult,
  ParseWarning,
  PemSource,
  ProfileFields,
  ProviderMatch,
  SecretPresence,
  SourceMode,
  SshAuth,
  SshJumpHost,
  SshSettings,
  SslMode,
  SslSettings,
  TlsVersion,
  ValidationIssue,
} from '@pgconnect/core';
