import type { ConnectionProfile } from '../profile/profile.js';

/** Every input syntax `parseConnectionString` recognises. */
export type ConnectionStringFormat =
  | 'uri' // libpq URI: postgres:// or postgresql://
  | 'keyValue' // libpq key=value
  | 'jdbc' // jdbc:postgresql://
  | 'npgsql' // ADO.NET / Npgsql `Key=Value;` pairs
  | 'psql' // a psql command line
  | 'env' // `export PG…=` lines
  | 'node' // node-postgres `new Client({...})` / `new Pool({...})`
  | 'psycopg2' // psycopg2.connect(...)
  | 'php' // pg_connect("...")
  | 'ruby'; // PG::Connection.new(...) / PG.connect(...)

/** The formats `formatConnectionString` writes. */
export type OutputFormat = 'uri' | 'keyValue' | 'jdbc' | 'npgsql' | 'psql' | 'env' | 'pgpass';

/**
 * libpq keyword → value, exactly as `PQconninfoParse` would report it: only keys the input set,
 * no defaults, no environment. Keys are ordered as libpq orders its option table.
 */
export type ConnInfo = Record<string, string>;

export interface ParseWarning {
  /** Stable code, for example `PASSWORD_IN_STRING`, `JDBC_SSL_TRUE_IS_VERIFY_FULL`, `PARAMETER_DROPPED`. */
  code: string;
  message: string;
  /** The keyword or source parameter the warning is about. */
  keyword?: string;
  /** Offset in the input (UTF-16 code units), when the warning points at one place. */
  position?: number;
}

export interface ParseError {
  /** Stable code from the core error table, for example `PARSE_INVALID_OPTION`. */
  code: string;
  /** What went wrong, in libpq's words where libpq has words for it. */
  message: string;
  /** Offset in the input (UTF-16 code units) where the problem is. */
  position: number;
  hint?: string;
}

/** Profile fields a connection string can carry; identity fields (id, name, scope, group) are the caller's. */
export type ProfileFields = Omit<ConnectionProfile, 'id' | 'name' | 'scope' | 'groupId' | 'color' | 'environment'>;

/** Secrets found in the input. They never go into a profile; the caller decides whether to keep them. */
export interface ParsedSecrets {
  password?: string;
  sslpassword?: string;
  /** Other credential keywords libpq knows (oauth_client_secret, scram_client_key, scram_server_key), by keyword. */
  keywords?: Record<string, string>;
}

export type ParseResult =
  | {
      ok: true;
      format: ConnectionStringFormat;
      keywords: ConnInfo;
      profile: ProfileFields;
      secrets: ParsedSecrets;
      warnings: ParseWarning[];
    }
  | {
      ok: false;
      /** The format the input looked like, when that could be told. */
      format: ConnectionStringFormat | 'unknown';
      error: ParseError;
      warnings: ParseWarning[];
    };

/** What the parser of one input format hands to `parseConnectionString`: libpq keywords, or why it failed. */
export type FormatParseResult =
  | { ok: true; keywords: ConnInfo; warnings: ParseWarning[] }
  | { ok: false; error: ParseError; warnings: ParseWarning[] };
