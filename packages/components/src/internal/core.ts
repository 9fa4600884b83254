/**
 * Where the components import @pgconnect/core from: the values the dialog needs up front, and the types.
 *
 * Values come from core's modules rather than its entry point: with code splitting, esbuild keeps every module
 * the entry point re-exports in a chunk the dialog loads up front (the connection-string parsers and the error
 * table among them, about 14 KB gzip), even though the dialog loads those on demand. Core needs subpath exports
 * for this (`"./*": "./dist/*"` in its package.json); the tests and scripts resolve them to the sources.
 *
 * The same holds for this file: a module re-exported here is in the dialog's initial chunk even when only code
 * loaded later uses it. Values only that code needs are imported from their own modules instead: the parsers
 * (`conninfo.ts`), validation (`validate.ts`) and the sslmode table (in `<pg-ssl-settings>`).
 */
export { createProfile, defaultSslFor, withDefaultSsl, DEFAULT_PORT } from '@pgconnect/core/profile/defaults.js';
export { isLocalHost, isSocketPath } from '@pgconnect/core/profile/hosts.js';
export { SSL_MODES, TLS_VERSIONS } from '@pgconnect/core/profile/profile.js';
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
