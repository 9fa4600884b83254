/**
 * @pgconnect/core — the data shapes shared by the pgconnect page and bridge.
 * Pure TypeScript: no DOM and no Node APIs, so it runs in both.
 */
export type * from './profile/profile.js';
export { SSL_MODES, TARGET_SESSION_ATTRS, TLS_VERSIONS } from './profile/profile.js';
export type * from './conninfo/types.js';
