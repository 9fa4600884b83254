/**
 * The bridge wire protocol: every frame in one discriminated union per direction, and the two entry points
 * that read untrusted text into them. The shapes live in `messages/` by area; this file is the index.
 *
 * - Page → bridge: `hello`, then requests `{id, type, ...}`.
 * - Bridge → page: `hello.result`; exactly one `{id, type: '<type>.result', ...}` or
 *   `{id, type: 'error', error}` per request; and pushes `{type: 'event.…', ...}` without an id.
 */
import * as z from 'zod/mini';
import type { ErrorPayload } from './errors.js';
import { MAX_BRIDGE_FRAME_BYTES, MAX_CLIENT_FRAME_BYTES, MAX_FRAME_DEPTH } from './version.js';
import { ErrorPayloadSchema, Id } from './messages/common.js';
import { readFrameJson } from './messages/frame-json.js';
import { describeIssue } from './messages/issues.js';
import { hello, helloResult } from './messages/handshake.js';
import {
  connectionClose,
  connectionList,
  connectionLostEvent,
  connectionOpen,
  connectionRestoredEvent,
  connectionTest,
  connectionTestCancel,
  databasesList,
  query,
  testStageEvent,
} from './messages/connection.js';
import {
  exportOp,
  groupsDelete,
  groupsList,
  groupsSave,
  importApply,
  importOp,
  profilesDelete,
  profilesDuplicate,
  profilesGet,
  profilesList,
  profilesSave,
  recentList,
  recentRemove,
  secretsDelete,
  secretsHas,
  secretsSave,
  secretsStatus,
} from './messages/stores.js';
import { sshHostKeyConfirm, sshHostKeyEvent } from './messages/ssh.js';
import {
  awsProfilesList,
  azureMetadataFetch,
  azureResourceGroupsList,
  azureServersList,
  azureSubscriptionsList,
  entraAccountsAdd,
  entraAccountsClearCache,
  entraAccountsList,
  entraAccountsRemove,
  entraDeviceCodeEvent,
  entraTenantsList,
  tokenRefreshedEvent,
} from './messages/cloud.js';
import { envCheck } from './messages/env.js';

/** Every operation. Adding one here adds its request and its result to the two unions below. */
const OPERATIONS = [
  connectionTest,
  connectionTestCancel,
  connectionOpen,
  connectionClose,
  connectionList,
  databasesList,
  query,
  profilesList,
  profilesGet,
  profilesSave,
  profilesDelete,
  profilesDuplicate,
  groupsList,
  groupsSave,
  groupsDelete,
  recentList,
  recentRemove,
  secretsSave,
  secretsDelete,
  secretsHas,
  secretsStatus,
  importOp,
  importApply,
  exportOp,
  sshHostKeyConfirm,
  awsProfilesList,
  entraAccountsList,
  entraAccountsAdd,
  entraAccountsRemove,
  entraAccountsClearCache,
  entraTenantsList,
  azureSubscriptionsList,
  azureResourceGroupsList,
  azureServersList,
  azureMetadataFetch,
  envCheck,
] as const;

type Operation = (typeof OPERATIONS)[number];
type RequestSchema = Operation['request'];
type ResultSchema = Operation['result'];

const EVENTS = [
  testStageEvent,
  connectionLostEvent,
  connectionRestoredEvent,
  tokenRefreshedEvent,
  sshHostKeyEvent,
  entraDeviceCodeEvent,
] as const;

export const ErrorFrameSchema = z.strictObject({
  /** Absent only when the failed frame had no readable id (bad JSON, or the `hello`). */
  id: z.optional(Id),
  type: z.literal('error'),
  error: ErrorPayloadSchema,
});

/*
 * The member lists are built from OPERATIONS, so their static type is "array of any member" rather than a
 * tuple; `discriminatedUnion` only needs to know the members' union, which this preserves.
 */
const requestSchemas = OPERATIONS.map((o) => o.request) as unknown as [RequestSchema, ...RequestSchema[]];
const resultSchemas = OPERATIONS.map((o) => o.result) as unknown as [ResultSchema, ...ResultSchema[]];

export const ClientMessageSchema = z.discriminatedUnion('type', [hello, ...requestSchemas]);
export const BridgeMessageSchema = z.discriminatedUnion('type', [helloResult, ErrorFrameSchema, ...resultSchemas, ...EVENTS]);

export type ClientMessage = z.infer<typeof ClientMessageSchema>;
export type BridgeMessage = z.infer<typeof BridgeMessageSchema>;
export type Hello = z.infer<typeof hello>;
export type HelloResult = z.infer<typeof helloResult>;
export type ErrorFrame = z.infer<typeof ErrorFrameSchema>;

/** Requests that expect a result: everything the page sends after `hello`. */
export type ClientRequest = Exclude<ClientMessage, Hello>;
export type RequestType = ClientRequest['type'];
export type BridgeResult = z.infer<ResultSchema>;
export type BridgeEvent = z.infer<(typeof EVENTS)[number]>;
export type EventType = BridgeEvent['type'];

export type RequestOf<T extends RequestType> = Extract<ClientRequest, { type: T }>;
export type ResultOf<T extends RequestType> = Extract<BridgeResult, { type: `${T}.result` }>;
export type EventOf<T extends EventType> = Extract<BridgeEvent, { type: T }>;
/** What a typed client call takes and returns: `request<'connection.test'>(params): Promise<ResultPayload<…>>`. */
export type RequestParams<T extends RequestType> = Omit<RequestOf<T>, 'id' | 'type'>;
export type ResultPayload<T extends RequestType> = Omit<ResultOf<T>, 'id' | 'type'>;

/** Every request type has a result type (a misspelt result literal would otherwise go unnoticed). */
type RequestsWithoutResult = { [T in RequestType]: [ResultOf<T>] extends [never] ? T : never }[RequestType];
true satisfies [RequestsWithoutResult] extends [never] ? true : false;

/** `BridgeError.toJSON()` is an error frame's `error` as it is: the bridge sends it without a cast. */
true satisfies ErrorPayload extends ErrorFrame['error'] ? true : false;

export interface FrameError {
  code: 'PROTOCOL_INVALID_MESSAGE' | 'PROTOCOL_UNKNOWN_OP' | 'PROTOCOL_FRAME_TOO_LARGE';
  message: string;
  /** The offending field, dotted like the profile validator's: `profile.hosts.0.port`. */
  field?: string;
}

/** `id` is the frame's id when it could be read, so the reply can still be matched to the request. */
export type FrameResult<M> = { ok: true; msg: M } | { ok: false; error: FrameError; id?: string };

/** Reads a page → bridge frame. Never throws; rejects oversize, deep, polluting and malformed frames. */
export function parseClientFrame(text: string): FrameResult<ClientMessage> {
  return parseFrame(text, ClientMessageSchema, MAX_CLIENT_FRAME_BYTES);
}

/** Reads a bridge → page frame, with the same guarantees: the page does not trust the bridge blindly either. */
export function parseBridgeFrame(text: string): FrameResult<BridgeMessage> {
  return parseFrame(text, BridgeMessageSchema, MAX_BRIDGE_FRAME_BYTES);
}

function parseFrame<M>(text: string, schema: z.ZodMiniType<M>, maxBytes: number): FrameResult<M> {
  const json = readFrameJson(text, maxBytes, MAX_FRAME_DEPTH);
  if (!json.ok) {
    const { ok: _ok, id: rawId, ...error } = json;
    // Read before the frame was refused; answered only when it is a well-formed id.
    const id = rawId === undefined ? undefined : Id.safeParse(rawId);
    return id?.success ? { ok: false, error, id: id.data } : { ok: false, error };
  }
  const parsed = schema.safeParse(json.value);
  if (parsed.success) return { ok: true, msg: parsed.data };
  const id = readId(json.value);
  const [first] = parsed.error.issues;
  const error: FrameError = first
    ? describeIssue(first, json.value)
    : { code: 'PROTOCOL_INVALID_MESSAGE', message: 'the message is not valid' };
  return id === undefined ? { ok: false, error } : { ok: false, error, id };
}

function readId(value: unknown): string | undefined {
  if (typeof value !== 'object' || value === null || !Object.hasOwn(value, 'id')) return undefined;
  const id = Id.safeParse((value as { id: unknown }).id);
  return id.success ? id.data : undefined;
}
