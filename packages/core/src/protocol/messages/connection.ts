/**
 * Testing, opening and using connections: Test Connection with its streamed stages, open connections
 * (pools per profile and database), the database list and the small `query` op for host apps.
 */
import * as z from 'zod/mini';
import { MAX_QUERY_ROW_LIMIT } from '../version.js';
import { event, ErrorPayloadSchema, Id, LIMITS, nonEmptyText, op, Port, text, Timestamp } from './common.js';
import { ConnectionProfileSchema, ConnectSecretsSchema } from './profile.js';
import { ServerReportSchema, TestReportFields, TestStageEventFields } from './test-report.js';

const name = text(LIMITS.name);

/**
 * Secrets are optional: without them the bridge uses the saved ones, if they still apply to the profile. A
 * page-obtained Entra token (`secrets.entraToken`) serves this one request's connections only.
 */
const target = { profile: ConnectionProfileSchema, secrets: z.optional(ConnectSecretsSchema) };

export const connectionTest = op(
  'connection.test',
  {
    /** Chosen by the page, so it can match stage events and cancel before the result arrives. */
    testId: Id,
    ...target,
    /** Run the effective-privilege stage; it is the slowest stage on large databases. */
    privileges: z.optional(z.boolean()),
  },
  TestReportFields,
);

export const connectionTestCancel = op(
  'connection.test.cancel',
  { testId: Id },
  /** False when the test had already finished (its result is then on its way or delivered). */
  { cancelled: z.boolean() },
);

export const connectionOpen = op('connection.open', target, {
  connectionId: Id,
  server: ServerReportSchema,
  readOnly: z.boolean(),
});

export const connectionClose = op('connection.close', { connectionId: Id }, {});

export const CONNECTION_STATES = ['open', 'lost', 'reconnecting'] as const;

export const OpenConnectionSchema = z.strictObject({
  connectionId: Id,
  profileId: Id,
  name,
  host: text(LIMITS.host),
  port: Port,
  database: name,
  user: name,
  readOnly: z.boolean(),
  state: z.enum(CONNECTION_STATES),
  openedAt: Timestamp,
});

export const connectionList = op('connection.list', {}, { connections: z.array(OpenConnectionSchema).check(z.maxLength(1_000)) });

export const DatabaseInfoSchema = z.strictObject({
  name,
  owner: name,
  isTemplate: z.boolean(),
  allowConnections: z.boolean(),
  /** The current role holds CONNECT on it, so choosing it will not fail on privileges. */
  canConnect: z.boolean(),
  sizeBytes: z.optional(z.number().check(z.minimum(0))),
});

/**
 * Lists databases on an open connection, or — for the dialog's Database picker, before anything is saved —
 * on a short-lived connection made from a profile.
 */
const databasesListOp = op(
  'databases.list',
  { connectionId: z.optional(Id), profile: z.optional(ConnectionProfileSchema), secrets: target.secrets },
  { databases: z.array(DatabaseInfoSchema).check(z.maxLength(10_000)) },
);
export const databasesList = {
  request: databasesListOp.request.check(
    z.refine((r) => (r.connectionId === undefined) !== (r.profile === undefined), {
      message: 'give either connectionId or profile, not both',
      path: ['connectionId'],
    }),
  ),
  result: databasesListOp.result,
};

/** Query parameters and cell values: what JSON can carry. The bridge sends other types (dates, json, bytea) as text. */
const Scalar = z.union([z.string(), z.number(), z.boolean(), z.null()]);

export const query = op(
  'query',
  {
    connectionId: Id,
    sql: nonEmptyText(LIMITS.sql),
    params: z.optional(z.array(Scalar).check(z.maxLength(1_000))),
    rowLimit: z.optional(z.int().check(z.minimum(1), z.maximum(MAX_QUERY_ROW_LIMIT))),
  },
  {
    /** The command tag: SELECT, INSERT, … */
    command: text(64),
    /** Rows affected or returned; null for commands that report none. */
    rowCount: z.nullable(z.int()),
    // 1664 is PostgreSQL's limit on the columns of a result.
    fields: z.array(z.strictObject({ name, dataTypeId: z.int() })).check(z.maxLength(1_664)),
    rows: z.array(z.array(Scalar)).check(z.maxLength(MAX_QUERY_ROW_LIMIT)),
    /** More rows existed than `rowLimit` (or than fit in one frame). */
    truncated: z.boolean(),
  },
);

export const testStageEvent = event('event.test.stage', TestStageEventFields);

export const connectionLostEvent = event('event.connection.lost', {
  connectionId: Id,
  error: ErrorPayloadSchema,
  /** The bridge is trying again; `event.connection.restored` follows if it succeeds. */
  reconnecting: z.boolean(),
});

export const connectionRestoredEvent = event('event.connection.restored', { connectionId: Id });
