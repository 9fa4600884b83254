/**
 * Server facts for Test Connection: what the server is, what state it is in, how this session reached it and
 * who the session is — read in one round trip from an open `pg.Client`.
 */
import type pg from 'pg';
import { MEMBERSHIP_TREE_CTES, MEMBERSHIPS_JSON_SQL, type MembershipRow } from './memberships.js';
import type { ServerFacts, ServerReport } from './report-shapes.js';

/** Everything {@link readServerFacts} learns. `toServerFacts()` and `toServerReport()` narrow it to the protocol. */
export interface ServerFactsDetail {
  /** `version()`: product, version, platform and compiler. */
  versionString: string;
  /** `server_version`, e.g. "18.4" or "15.13 (Debian 15.13-1.pgdg120+1)". */
  version: string;
  /** `server_version_num`, e.g. 180004. */
  versionNumber: number;
  /** A standby (or a server still replaying WAL). */
  inRecovery: boolean;
  /** `transaction_read_only` as this session starts a transaction (on for a standby). */
  transactionReadOnly: boolean;
  /** `default_transaction_read_only`: set by the profile, the role, the database or the server. */
  defaultTransactionReadOnly: boolean;
  /** This backend's row of `pg_stat_ssl`: what the server negotiated, whatever the client believes. */
  tls: { encrypted: boolean; protocol: string | null; cipher: string | null; bits: number | null };
  currentUser: string;
  sessionUser: string;
  database: string;
  /** The address and port the server accepted this connection on; null over a Unix socket. */
  serverAddress: string | null;
  serverPort: number | null;
  /** The client address the server saw (what pg_hba.conf matches); null over a Unix socket. */
  clientAddress: string | null;
  backendPid: number;
  role: RoleAttributes;
  /** Roles `currentUser` belongs to, nearest first. */
  memberships: MembershipRow[];
  settings: {
    serverEncoding: string;
    timeZone: string;
    maxConnections: number | null;
    /** The server's `ssl` setting: whether it accepts TLS at all. */
    ssl: boolean | null;
    passwordEncryption: string | null;
  };
}

/** `pg_roles` attributes of the current role. */
export interface RoleAttributes {
  name: string;
  superuser: boolean;
  createDb: boolean;
  createRole: boolean;
  replication: boolean;
  bypassRls: boolean;
  /** PG15: whether the role inherits its memberships' privileges; PG16+: the default for new grants to it. */
  inherit: boolean;
  canLogin: boolean;
  /** -1 means no limit. */
  connectionLimit: number;
  /** ISO 8601 time the password expires, "infinity", or null when it never expires. */
  validUntil: string | null;
}

/**
 * One statement, one round trip. Every function in it is available to an unprivileged role on PG15+ and on a
 * standby. `current_setting(name, true)` returns NULL instead of failing where a managed service hides a
 * setting. The membership CTEs come from memberships.ts.
 */
export const SERVER_FACTS_SQL = `
WITH RECURSIVE ${MEMBERSHIP_TREE_CTES}
SELECT
  version() AS "versionString",
  current_setting('server_version') AS "version",
  current_setting('server_version_num')::int AS "versionNumber",
  pg_catalog.pg_is_in_recovery() AS "inRecovery",
  current_setting('transaction_read_only')::boolean AS "transactionReadOnly",
  current_setting('default_transaction_read_only')::boolean AS "defaultTransactionReadOnly",
  -- pg_stat_ssl shows every backend; our own row is the one with our pid.
  json_build_object('encrypted', coalesce(s.ssl, false), 'protocol', s.version, 'cipher', s.cipher, 'bits', s.bits) AS "tls",
  current_user AS "currentUser",
  session_user AS "sessionUser",
  current_database() AS "database",
  host(inet_server_addr()) AS "serverAddress",
  inet_server_port() AS "serverPort",
  host(inet_client_addr()) AS "clientAddress",
  pg_catalog.pg_backend_pid() AS "backendPid",
  json_build_object(
    'name', r.rolname,
    'superuser', r.rolsuper,
    'createDb', r.rolcreatedb,
    'createRole', r.rolcreaterole,
    'replication', r.rolreplication,
    'bypassRls', r.rolbypassrls,
    'inherit', r.rolinherit,
    'canLogin', r.rolcanlogin,
    'connectionLimit', r.rolconnlimit,
    -- JSON keeps 'infinity' intact, which a JavaScript Date cannot hold.
    'validUntil', CASE WHEN r.rolvaliduntil IS NULL THEN NULL
                       WHEN isfinite(r.rolvaliduntil) THEN to_char(r.rolvaliduntil AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')
                       ELSE r.rolvaliduntil::text END
  ) AS "role",
  ${MEMBERSHIPS_JSON_SQL} AS "memberships",
  json_build_object(
    'serverEncoding', current_setting('server_encoding'),
    'timeZone', current_setting('TimeZone'),
    'maxConnections', current_setting('max_connections', true)::int,
    'ssl', current_setting('ssl', true)::boolean,
    'passwordEncryption', current_setting('password_encryption', true)
  ) AS "settings"
FROM pg_catalog.pg_roles r
LEFT JOIN pg_catalog.pg_stat_ssl s ON s.pid = pg_catalog.pg_backend_pid()
WHERE r.rolname = current_user`;

/** Reads the facts of the server `client` is connected to. */
export async function readServerFacts(client: pg.ClientBase): Promise<ServerFactsDetail> {
  const { rows } = await client.query<ServerFactsDetail>(SERVER_FACTS_SQL);
  const row = rows[0];
  // Only a role dropped under an open session has no pg_roles row.
  if (!row) throw new Error('the current role no longer exists');
  return row;
}

/** The protocol's `facts`. */
export function toServerFacts(facts: ServerFactsDetail): ServerFacts {
  return {
    versionString: facts.versionString,
    versionNumber: facts.versionNumber,
    serverEncoding: facts.settings.serverEncoding,
    timeZone: facts.settings.timeZone,
    // What a session of this profile would see: read-only by default, or on a standby.
    transactionReadOnly: facts.transactionReadOnly || facts.defaultTransactionReadOnly || facts.inRecovery,
    sessionUser: facts.sessionUser,
    backendPid: facts.backendPid,
    ...(facts.settings.maxConnections !== null && { maxConnections: facts.settings.maxConnections }),
  };
}

/**
 * The protocol's `server`. Host and port are the ones the client dialled (the server's own view of its
 * address is a private or container address behind NAT, a proxy or a tunnel, and null over a socket).
 */
export function toServerReport(facts: ServerFactsDetail, dialled: { host: string; port: number }): ServerReport {
  return {
    version: facts.version,
    inRecovery: facts.inRecovery,
    user: facts.currentUser,
    database: facts.database,
    host: dialled.host,
    port: dialled.port,
  };
}
