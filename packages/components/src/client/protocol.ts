/**
 * The bridge protocol as the page sees it. Every shape comes from core's zod schemas as a TYPE-ONLY import, so
 * the page and the bridge cannot drift apart and the page ships no schema code (type imports cost no bytes).
 * The bridge validates everything it receives; the page checks only the structure of what it reads (see
 * `IncomingFrame`), because loading zod and every schema would triple the dialog's initial JavaScript.
 *
 * The one runtime import, `version.js`, is a handful of constants with no dependencies.
 */
import type { ErrorCode, ErrorPayload as CoreErrorPayload } from '@pgconnect/core/protocol/errors.js';
import type {
  EventOf,
  EventType,
  HelloResult,
  RequestParams as CoreRequestParams,
  RequestType as CoreRequestType,
  ResultPayload,
} from '@pgconnect/core/protocol/messages.js';
import type { PrivilegeReport } from '@pgconnect/core/protocol/messages/test-report.js';

export { PROTOCOL_VERSION, SUBPROTOCOL, TOKEN_SUBPROTOCOL_PREFIX } from '@pgconnect/core/protocol/version.js';
export type { ErrorCode } from '@pgconnect/core/protocol/errors.js';
export type { Capability } from '@pgconnect/core/protocol/messages/handshake.js';
export type { Secrets } from '@pgconnect/core/protocol/messages/profile.js';
export type {
  PrivilegeReport,
  ServerFacts,
  ServerReport,
  StageReport,
  StageStatus,
  TestStage,
  TlsReport,
} from '@pgconnect/core/protocol/messages/test-report.js';

/* ── requests ─────────────────────────────────────────────────────────────────────────────────────────── */

/** Every request the bridge answers: `connection.test`, `query`, `connection.close`, `entra.accounts.add`, … */
export type RequestType = CoreRequestType;
/** What `client.request(type, params)` takes: the request frame without `id` and `type`. */
export type RequestParams<T extends RequestType> = CoreRequestParams<T>;
/** What it resolves to: the `<type>.result` frame without `id` and `type`. */
export type RequestResult<T extends RequestType> = ResultPayload<T>;
/** Parameters and result by request type, for code that maps over the operations. */
export type RequestMap = { [T in RequestType]: { params: RequestParams<T>; result: RequestResult<T> } };

/* ── pushes ───────────────────────────────────────────────────────────────────────────────────────────── */

/** Every push the bridge sends (`event.test.stage`, `event.ssh.hostKey`, `event.entra.deviceCode`, …), without its `type`. */
export type PushMap = { [K in EventType]: Omit<EventOf<K>, 'type'> };
export type PushType = EventType;

/* ── errors ───────────────────────────────────────────────────────────────────────────────────────────── */

/** Codes the page itself produces, next to core's table (which has `BRIDGE_NOT_VERIFIED` too). */
export type ClientErrorCode = 'BRIDGE_NOT_VERIFIED' | 'BRIDGE_UNAVAILABLE' | 'BRIDGE_TIMEOUT' | 'BRIDGE_CLOSED' | 'BRIDGE_PROTOCOL' | 'INTERNAL';

/**
 * An error as the page shows it and puts into `pg-error`: core's payload, with the client's own codes, and any
 * string a newer bridge may send (`string & {}` keeps editor completion for the known codes).
 */
export interface ErrorPayload extends Omit<CoreErrorPayload, 'code' | 'data'> {
  code: ErrorCode | ClientErrorCode | (string & {});
  data?: Readonly<Record<string, unknown>>;
}

/** Test Connection's report: the `connection.test` result, whose `code` may also be a client code (no bridge). */
export type TestReport = Omit<RequestResult<'connection.test'>, 'code' | 'data'> & Pick<Partial<ErrorPayload>, 'code' | 'data'>;

/* ── shapes the elements use, named ───────────────────────────────────────────────────────────────────── */

export type ServerGroup = RequestResult<'groups.list'>['groups'][number];
/** Where the bridge keeps saved secrets (`secrets.status`): the system keychain, or its encrypted file. */
export type SecretStoreKind = RequestResult<'secrets.status'>['kind'];
/** What the Saved Connections list shows for a profile. */
export type ProfileListItem = RequestResult<'profiles.list'>['profiles'][number];
export type RecentEntry = RequestResult<'recent.list'>['entries'][number];
export type DatabaseInfo = RequestResult<'databases.list'>['databases'][number];
export type OpenConnection = RequestResult<'connection.list'>['connections'][number];
export type QueryResult = RequestResult<'query'>;
export type AzureMetadataResult = RequestResult<'azure.metadata.fetch'>;
export type EntraAccount = RequestResult<'entra.accounts.list'>['accounts'][number];
export type EntraTenant = RequestResult<'entra.tenants.list'>['tenants'][number];
export type AzureSubscription = RequestResult<'azure.subscriptions.list'>['subscriptions'][number];
export type AzureServer = RequestResult<'azure.servers.list'>['servers'][number];
export type AwsProfileInfo = RequestResult<'aws.profiles.list'>['profiles'][number];
export type TablePrivilege = PrivilegeReport['tables'][number]['privileges'][number];

/** Pushes the dialog answers or shows. */
export type SshHostKeyPrompt = PushMap['event.ssh.hostKey'];
export type EntraDeviceCode = PushMap['event.entra.deviceCode'];
export type TokenRefreshed = PushMap['event.token.refreshed'];
export type ConnectionLost = PushMap['event.connection.lost'];

/** What the bridge says about itself in `hello.result`. */
export type BridgeInfo = Omit<HelloResult, 'type' | 'v' | 'proof'>;

/** A frame as it arrives: anything with a string `type`. The bridge validates what it receives; the page checks what it uses. */
export interface IncomingFrame {
  type: string;
  id?: string;
  [key: string]: unknown;
}
