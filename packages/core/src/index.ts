/**
 * @pgconnect/core — the data shapes shared by the pgconnect page and bridge.
 * Pure TypeScript: no DOM and no Node APIs, so it runs in both.
 */
export type * from './profile/profile.js';
export { SSL_MODES, TARGET_SESSION_ATTRS, TLS_VERSIONS } from './profile/profile.js';
export type * from './conninfo/types.js';
export { LIBPQ_KEYWORDS, isLibpqKeyword, isSecretKeyword, libpqKeyword, orderConnInfo } from './conninfo/keywords.js';
export type { LibpqKeyword, LibpqKeywordName } from './conninfo/keywords.js';
export { parseLibpq } from './conninfo/libpq.js';
export { LIBPQ_URI_PREFIXES, parseLibpqUri, uriPrefixLength } from './conninfo/libpq-uri.js';
export { parseLibpqKeyValue } from './conninfo/libpq-keyvalue.js';
export type { LibpqParseErrorCode, LibpqParseOptions, LibpqParseResult } from './conninfo/libpq-result.js';
export * from './profile/hosts.js';
export * from './profile/defaults.js';
export * from './profile/validate.js';
export * from './ssl/sslmode.js';
export * from './providers/types.js';
export * from './providers/detect.js';
export { detectRds, inferRdsRegion } from './providers/rds.js';
export type { RdsMatch, RdsEndpointKind } from './providers/rds.js';
export { detectAzure } from './providers/azure.js';
export type { AzureMatch, AzureCloud } from './providers/azure.js';
export { detectSupabase } from './providers/supabase.js';
export type { SupabaseMatch } from './providers/supabase.js';
export { detectNeon } from './providers/neon.js';
export type { NeonMatch } from './providers/neon.js';
export { detectCloudSql } from './providers/cloudsql.js';
export type { CloudSqlMatch } from './providers/cloudsql.js';
export * from './protocol/version.js';
export * from './protocol/errors.js';
export * from './protocol/error-mapping.js';
export * from './protocol/messages.js';
export { ConnectionProfileSchema, ConnectSecretsSchema, SecretPresenceSchema, SecretsSchema } from './protocol/messages/profile.js';
export type { ConnectSecrets, Secrets } from './protocol/messages/profile.js';
export * from './protocol/messages/test-report.js';
export { CAPABILITIES } from './protocol/messages/handshake.js';
export type { Capability } from './protocol/messages/handshake.js';
export { CONNECTION_STATES } from './protocol/messages/connection.js';
export { EXPORT_FORMATS, IMPORT_FORMATS, SECRET_KINDS } from './protocol/messages/stores.js';
export { parseConnectionString } from './conninfo/detect.js';
export { formatConnectionString, type FormatOptions } from './conninfo/format.js';
export { profileFromKeywords, type ProfileFromKeywords } from './profile/from-keywords.js';
export { profileToKeywords } from './profile/to-keywords.js';
