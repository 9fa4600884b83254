/**
 * What Test Connection reports: the stage list, TLS and server facts, and the effective-privilege report.
 * These shapes are shared by the `connection.test` result, its streamed `event.test.stage` pushes and
 * `pgconnect test --json`.
 */
import * as z from 'zod/mini';
import { ERROR_CODES } from '../errors.js';
import { boundedInt, ErrorPayloadSchema, Id, LIMITS, Port, text } from './common.js';

/** In the order they run. `ssh` repeats once per hop; `target` says which. */
export const TEST_STAGES = ['dns', 'tcp', 'ssh', 'tls', 'auth', 'ready', 'facts', 'privileges'] as const;
export type TestStage = (typeof TEST_STAGES)[number];

export const STAGE_STATUSES = ['running', 'ok', 'failed', 'skipped'] as const;
export type StageStatus = (typeof STAGE_STATUSES)[number];

const name = text(LIMITS.name);
const milliseconds = z.number().check(z.minimum(0));

export const StageReportSchema = z.strictObject({
  stage: z.enum(TEST_STAGES),
  status: z.enum(STAGE_STATUSES),
  /** Time spent in the stage so far (running) or in total. */
  ms: milliseconds,
  /** What happened, in plain words: "resolved to 10.0.0.5, ::1", "TLSv1.3, certificate verified". */
  detail: z.optional(text(LIMITS.message)),
  /** Which host, address or SSH hop the stage is about, when there are several. */
  target: z.optional(text(LIMITS.host + 8)),
  /** Why a failed stage failed; `detail` says it in words. */
  code: z.optional(z.enum(ERROR_CODES)),
});

export const TestStageEventFields = { testId: Id, ...StageReportSchema.shape };

export const TlsReportSchema = z.strictObject({
  encrypted: z.boolean(),
  /** The certificate chain and, for verify-full, the host name were checked. */
  verified: z.boolean(),
  protocol: z.optional(text(32)),
  cipher: z.optional(text(128)),
});

export const ServerReportSchema = z.strictObject({
  /** `server_version`, e.g. "17.2". */
  version: text(128),
  inRecovery: z.boolean(),
  /** `current_user`. */
  user: name,
  database: name,
  /** The host that answered; with several hosts, the one `target_session_attrs` chose. */
  host: text(LIMITS.host),
  port: Port,
});

export const ServerFactsSchema = z.strictObject({
  /** `version()`: product, version and platform. */
  versionString: text(LIMITS.message),
  /** `server_version_num`, e.g. 170002. */
  versionNumber: z.int(),
  serverEncoding: text(64),
  timeZone: text(128),
  /** Sessions start read-only: the profile asked for it, `default_transaction_read_only` is on, or a standby. */
  transactionReadOnly: z.boolean(),
  sessionUser: name,
  backendPid: z.int(),
  maxConnections: z.optional(z.int()),
});

export const TABLE_PRIVILEGES = ['SELECT', 'INSERT', 'UPDATE', 'DELETE', 'TRUNCATE', 'REFERENCES', 'TRIGGER', 'MAINTAIN'] as const;
export const SEQUENCE_PRIVILEGES = ['USAGE', 'SELECT', 'UPDATE'] as const;
export const FUNCTION_PRIVILEGES = ['EXECUTE'] as const;

/**
 * Privileges held on one object. `via` names, per privilege, the role the grant is really on when it is not
 * the current role itself: a role it inherits from, or PUBLIC. That is what Neosync's grantee filter misses.
 */
function objectPrivileges<const P extends readonly [string, ...string[]], S extends z.core.$ZodLooseShape>(privileges: P, shape: S) {
  return z.strictObject({
    schema: name,
    name,
    privileges: z.array(z.enum(privileges)).check(z.maxLength(privileges.length)),
    via: z.optional(z.partialRecord(z.enum(privileges), name)),
    ...shape,
  });
}

/** Each list is capped; the bridge reports totals and sets `truncated` when it sends fewer. */
const MAX_OBJECTS = 20_000;

export const PrivilegeReportSchema = z.strictObject({
  role: z.strictObject({
    name,
    superuser: z.boolean(),
    inherit: z.boolean(),
    createRole: z.boolean(),
    createDb: z.boolean(),
    canLogin: z.boolean(),
    replication: z.boolean(),
    bypassRls: z.boolean(),
    /** -1 means no limit. */
    connectionLimit: z.int().check(z.minimum(-1)),
  }),
  /** Roles the current role belongs to, directly or (with `via`) through another membership. */
  memberships: z
    .array(z.strictObject({ role: name, via: z.optional(name), inherit: z.boolean(), admin: z.boolean() }))
    .check(z.maxLength(1_000)),
  database: z.strictObject({ name, connect: z.boolean(), create: z.boolean(), temp: z.boolean() }),
  schemas: z
    .array(z.strictObject({ name, owner: z.boolean(), usage: z.boolean(), create: z.boolean() }))
    .check(z.maxLength(MAX_OBJECTS)),
  tables: z
    .array(
      objectPrivileges(TABLE_PRIVILEGES, {
        kind: z.enum(['table', 'partitionedTable', 'view', 'materializedView', 'foreignTable']),
        rowSecurity: z.boolean(),
      }),
    )
    .check(z.maxLength(MAX_OBJECTS)),
  sequences: z.array(objectPrivileges(SEQUENCE_PRIVILEGES, {})).check(z.maxLength(MAX_OBJECTS)),
  functions: z
    .array(objectPrivileges(FUNCTION_PRIVILEGES, { arguments: text(LIMITS.message), kind: z.enum(['function', 'procedure', 'aggregate']) }))
    .check(z.maxLength(MAX_OBJECTS)),
  totals: z.strictObject({ schemas: boundedInt(1e9), tables: boundedInt(1e9), sequences: boundedInt(1e9), functions: boundedInt(1e9) }),
  truncated: z.boolean(),
});

/**
 * A failed test is a result, not an `error` frame: its stages, TLS and server facts up to the failure are
 * what the user needs to see. `error` frames are kept for requests the bridge could not run at all.
 */
export const TestReportFields = {
  testId: Id,
  ok: z.boolean(),
  /** On failure, the code of the stage that ended the test; `message`, `hint` and `data` are its words. */
  code: z.optional(z.enum(ERROR_CODES)),
  /** A one-line summary either way: "Connected to PostgreSQL 17.2 as alice" or the error's message. */
  message: text(LIMITS.message),
  hint: z.optional(text(LIMITS.message)),
  data: ErrorPayloadSchema.shape.data,
  stages: z.array(StageReportSchema).check(z.maxLength(64)),
  tls: z.optional(TlsReportSchema),
  server: z.optional(ServerReportSchema),
  facts: z.optional(ServerFactsSchema),
  privileges: z.optional(PrivilegeReportSchema),
};

export type StageReport = z.infer<typeof StageReportSchema>;
export type TlsReport = z.infer<typeof TlsReportSchema>;
export type ServerReport = z.infer<typeof ServerReportSchema>;
export type ServerFacts = z.infer<typeof ServerFactsSchema>;
export type PrivilegeReport = z.infer<typeof PrivilegeReportSchema>;
