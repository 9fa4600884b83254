/**
 * The bridge protocol as the page sees it: request and result shapes for the operations the components use.
 *
 * These mirror core's zod schemas (packages/core/src/protocol/messages/*). They are plain types so the page
 * ships no schema code; the bridge validates everything it receives. When core's entry point exports the
 * inferred message types, this file becomes a list of re-exports.
 */
import type { ConnectionProfile, SecretPresence } from '../internal/core.js';

export const PROTOCOL_VERSION = 1;
export const SUBPROTOCOL = 'pgconnect.v1';
export const TOKEN_SUBPROTOCOL_PREFIX = 'pgconnect.token.';

/** Secrets for one attempt or one save; they ride beside the profile, never inside it. */
export interface Secrets {
  password?: string;
  sslpassword?: string;
  sshPassword?: string;
  sshPassphrase?: string;
  jumpHosts?: { password?: string; passphrase?: string }[];
}

export interface ErrorPayload {
  code: string;
  message: string;
  hint?: string;
  data?: Record<string, unknown>;
}

export const TEST_STAGES = ['dns', 'tcp', 'ssh', 'tls', 'auth', 'ready', 'facts', 'privileges'] as const;
export type TestStage = (typeof TEST_STAGES)[number];
export type StageStatus = 'running' | 'ok' | 'failed' | 'skipped';

export interface StageReport {
  stage: TestStage;
  status: StageStatus;
  ms: number;
  detail?: string;
  target?: string;
  code?: string;
}

export interface TlsReport {
  encrypted: boolean;
  verified: boolean;
  protocol?: string;
  cipher?: string;
}

export interface ServerReport {
  version: string;
  inRecovery: boolean;
  user: string;
  database: string;
  host: string;
  port: number;
}

export interface ServerFacts {
  versionString: string;
  versionNumber: number;
  serverEncoding: string;
  timeZone: string;
  transactionReadOnly: boolean;
  sessionUser: string;
  backendPid: number;
  maxConnections?: number;
}

export type TablePrivilege = 'SELECT' | 'INSERT' | 'UPDATE' | 'DELETE' | 'TRUNCATE' | 'REFERENCES' | 'TRIGGER' | 'MAINTAIN';

export interface ObjectPrivileges<P extends string> {
  schema: string;
  name: string;
  privileges: P[];
  /** Per privilege, the role the grant is really on when it is inherited (or PUBLIC). */
  via?: Partial<Record<P, string>>;
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
  memberships: { role: string; via?: string; inherit: boolean; admin: boolean }[];
  database: { name: string; connect: boolean; create: boolean; temp: boolean };
  schemas: { name: string; owner: boolean; usage: boolean; create: boolean }[];
  tables: (ObjectPrivileges<TablePrivilege> & { kind: 'table' | 'partitionedTable' | 'view' | 'materializedView' | 'foreignTable'; rowSecurity: boolean })[];
  sequences: ObjectPrivileges<'USAGE' | 'SELECT' | 'UPDATE'>[];
  functions: (ObjectPrivileges<'EXECUTE'> & { arguments: string; kind: 'function' | 'procedure' | 'aggregate' })[];
  totals: { schemas: number; tables: number; sequences: number; functions: number };
  truncated: boolean;
}

export interface TestReport {
  testId: string;
  ok: boolean;
  code?: string;
  message: string;
  hint?: string;
  data?: Record<string, unknown>;
  stages: StageReport[];
  tls?: TlsReport;
  server?: ServerReport;
  facts?: ServerFacts;
  privileges?: PrivilegeReport;
}

export interface ServerGroup {
  id: string;
  name: string;
  description?: string;
  color?: string;
}

/** What the Saved Connections list shows for a profile. */
export interface ProfileListItem extends SecretPresence {
  id: string;
  name: string;
  groupId?: string;
  scope: 'user' | 'workspace';
  color?: string;
  environment?: string;
  host: string;
  port?: number;
  database?: string;
  user?: string;
  authType: ConnectionProfile['auth']['type'];
}

export interface RecentEntry {
  id: string;
  profile: ConnectionProfile;
  lastUsedAt: string;
}

export interface DatabaseInfo {
  name: string;
  owner: string;
  isTemplate: boolean;
  allowConnections: boolean;
  canConnect: boolean;
  sizeBytes?: number;
}

export interface AzureMetadataResult {
  subscriptionId: string;
  resourceGroup: string;
  serverName: string;
  location?: string;
}

export interface EntraAccount {
  accountId: string;
  username: string;
  displayName?: string;
  tenantId: string;
}

export interface AzureSubscription {
  subscriptionId: string;
  displayName: string;
  tenantId?: string;
}

export interface AzureServer {
  name: string;
  resourceGroup: string;
  location: string;
  fqdn: string;
  version?: string;
  state?: string;
  entraAuth?: boolean;
  passwordAuth?: boolean;
}

export interface AwsProfileInfo {
  name: string;
  region?: string;
  sso: boolean;
}

type Target = { profile: ConnectionProfile; secrets?: Secrets };
type StoredProfile = { profile: ConnectionProfile; secrets: SecretPresence };

/** Request parameters and result fields, by request type. */
export interface RequestMap {
  'connection.test': { params: Target & { testId: string; privileges?: boolean }; result: Omit<TestReport, never> };
  'connection.test.cancel': { params: { testId: string }; result: { cancelled: boolean } };
  'connection.open': { params: Target; result: { connectionId: string; server: ServerReport; readOnly: boolean } };
  'databases.list': {
    params: { connectionId?: string; profile?: ConnectionProfile; secrets?: Secrets };
    result: { databases: DatabaseInfo[] };
  };
  'profiles.list': { params: { scope?: 'user' | 'workspace' }; result: { profiles: ProfileListItem[] } };
  'profiles.get': { params: { profileId: string }; result: StoredProfile };
  'profiles.save': { params: { profile: ConnectionProfile; secrets?: Secrets }; result: StoredProfile };
  'profiles.delete': { params: { profileId: string }; result: Record<string, never> };
  'groups.list': { params: Record<string, never>; result: { groups: ServerGroup[] } };
  'groups.save': { params: { group: ServerGroup }; result: { group: ServerGroup } };
  'groups.delete': { params: { groupId: string }; result: { movedProfiles: number } };
  'recent.list': { params: Record<string, never>; result: { entries: RecentEntry[] } };
  'recent.remove': { params: { entryId: string }; result: Record<string, never> };
  'azure.metadata.fetch': { params: { accountId: string; host: string }; result: AzureMetadataResult };
  'azure.subscriptions.list': { params: { accountId: string }; result: { subscriptions: AzureSubscription[] } };
  'azure.servers.list': { params: { accountId: string; subscriptionId: string; resourceGroup?: string }; result: { servers: AzureServer[] } };
  'entra.accounts.list': { params: Record<string, never>; result: { accounts: EntraAccount[] } };
  'aws.profiles.list': { params: Record<string, never>; result: { profiles: AwsProfileInfo[]; defaultRegion?: string } };
}

export type RequestType = keyof RequestMap;
export type RequestParams<T extends RequestType> = RequestMap[T]['params'];
export type RequestResult<T extends RequestType> = RequestMap[T]['result'];

/** Pushes the components listen to. */
export interface PushMap {
  'event.test.stage': StageReport & { testId: string };
  'event.connection.lost': { connectionId: string; error: ErrorPayload; reconnecting: boolean };
  'event.connection.restored': { connectionId: string };
}

/** What the bridge says about itself in `hello.result`. */
export interface BridgeInfo {
  bridgeVersion: string;
  capabilities: string[];
  mode: 'local' | 'server';
}

/** A frame as it arrives: anything with a string `type`. The bridge validates what it receives; the page checks what it uses. */
export interface IncomingFrame {
  type: string;
  id?: string;
  [key: string]: unknown;
}
