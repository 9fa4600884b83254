/**
 * The protocol shapes the inspect reports fill: `ServerFacts`, `ServerReport`, `TlsReport` and
 * `PrivilegeReport` from core's `protocol/messages/test-report.ts`.
 *
 * They are restated here only because `@pgconnect/core` does not export its protocol module yet;
 * `shapes.test.ts` proves both ways that each type equals `z.infer` of core's schema, so the two cannot
 * drift. When core exports them, replace this file with `export type { … } from '@pgconnect/core'`.
 */

export const TABLE_PRIVILEGES = ['SELECT', 'INSERT', 'UPDATE', 'DELETE', 'TRUNCATE', 'REFERENCES', 'TRIGGER', 'MAINTAIN'] as const;
export const SEQUENCE_PRIVILEGES = ['USAGE', 'SELECT', 'UPDATE'] as const;
export const FUNCTION_PRIVILEGES = ['EXECUTE'] as const;

export type TablePrivilege = (typeof TABLE_PRIVILEGES)[number];
export type SequencePrivilege = (typeof SEQUENCE_PRIVILEGES)[number];
export type FunctionPrivilege = (typeof FUNCTION_PRIVILEGES)[number];

/** Core caps each object list at this many entries. */
export const MAX_REPORTED_OBJECTS = 20_000;
/** Core caps the membership list at this many entries. */
export const MAX_REPORTED_MEMBERSHIPS = 1_000;

export interface ServerFacts {
  versionString: string;
  versionNumber: number;
  serverEncoding: string;
  timeZone: string;
  transactionReadOnly: boolean;
  sessionUser: string;
  backendPid: number;
  maxConnections?: number | undefined;
}

export interface ServerReport {
  version: string;
  inRecovery: boolean;
  user: string;
  database: string;
  host: string;
  port: number;
}

export interface TlsReport {
  encrypted: boolean;
  verified: boolean;
  protocol?: string | undefined;
  cipher?: string | undefined;
}

export type TableKind = 'table' | 'partitionedTable' | 'view' | 'materializedView' | 'foreignTable';
export type FunctionKind = 'function' | 'procedure' | 'aggregate';

interface ObjectPrivileges<P extends string> {
  schema: string;
  name: string;
  privileges: P[];
  via?: Partial<Record<P, string>> | undefined;
}

export interface TablePrivileges extends ObjectPrivileges<TablePrivilege> {
  kind: TableKind;
  rowSecurity: boolean;
}
export type SequencePrivileges = ObjectPrivileges<SequencePrivilege>;
export interface FunctionPrivileges extends ObjectPrivileges<FunctionPrivilege> {
  arguments: string;
  kind: FunctionKind;
}

export interface PrivilegeReport {
  role: {
    name: string;
    superuser: boolean;
    inherit: boolean;
    createRole: boolean;
    createDb: boolean;
    canLogin: boolean;
    replication: boolean;
    bypassRls: boolean;
    connectionLimit: number;
  };
  memberships: Array<{ role: string; via?: string | undefined; inherit: boolean; admin: boolean }>;
  database: { name: string; connect: boolean; create: boolean; temp: boolean };
  schemas: Array<{ name: string; owner: boolean; usage: boolean; create: boolean }>;
  tables: TablePrivileges[];
  sequences: SequencePrivileges[];
  functions: FunctionPrivileges[];
  totals: { schemas: number; tables: number; sequences: number; functions: number };
  truncated: boolean;
}
