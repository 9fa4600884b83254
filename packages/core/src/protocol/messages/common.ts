/**
 * Building blocks every message schema uses: bounded strings, ids, ports, the error payload, and `op()`,
 * which declares a request and its result together so the two can never drift apart.
 */
import * as z from 'zod/mini';
import { ERROR_CODES } from '../errors.js';

/** Every string has a cap, so no field can make the bridge hold or log an unbounded value. */
export const text = (max: number) => z.string().check(z.maxLength(max));
export const nonEmptyText = (max: number) => z.string().check(z.minLength(1), z.maxLength(max));

/** Upper bounds for the common kinds of string. */
export const LIMITS = {
  /** Host names: DNS allows 253 characters; 255 leaves room for a trailing dot or an IPv6 literal. */
  host: 255,
  /** Role, database, account and other names. PostgreSQL's own limit is 63 bytes; cloud principals are longer. */
  name: 255,
  /** Free text shown to the user: descriptions, stage details, server messages. */
  message: 2_000,
  /** File system paths (local mode). */
  path: 4_096,
  /** Pasted files: PEM certificates and keys (a CA bundle such as RDS's must fit) and files to import. */
  document: 200_000,
  /** Passwords, passphrases and `sslpassword`. */
  secret: 4_096,
  /** libpq `options` and other free-form settings. */
  setting: 4_096,
  /** SQL text of a `query` request. */
  sql: 200_000,
  /** Length of any list of hosts, addresses, jump hosts or ids in one request. */
  list: 64,
} as const;

/** Request, test, connection, prompt, profile and group ids: opaque tokens, UUIDs fit. */
export const Id = z.string().check(z.regex(/^[A-Za-z0-9_-]{1,64}$/));

export const Port = z.int().check(z.minimum(1), z.maximum(65_535));

/** Seconds or counts that may be zero. */
export const boundedInt = (max: number) => z.int().check(z.minimum(0), z.maximum(max));

/** A time as `Date.prototype.toISOString()` writes it. */
export const Timestamp = z.iso.datetime();

/**
 * A color for a profile or a group. Only hex or a plain color name: the page puts it into CSS, where an
 * arbitrary string could inject declarations.
 */
export const Color = z.string().check(z.regex(/^(#[0-9A-Fa-f]{3,8}|[A-Za-z]{1,32})$/));

/** An SSH host key fingerprint as `ssh-keygen -l` prints it. */
export const Fingerprint = z.string().check(z.regex(/^SHA256:[A-Za-z0-9+/]{43}=?$/));

/** A base64url string (nonces, proofs). */
export const base64url = (min: number, max: number) =>
  z.string().check(z.minLength(min), z.maxLength(max), z.regex(/^[A-Za-z0-9_-]*$/));

/** The name of an environment variable; whether it may be used is the bridge's decision (`ENV_NOT_ALLOWED`). */
export const EnvVarName = z.string().check(z.regex(/^[A-Za-z_][A-Za-z0-9_]{0,127}$/));

const ErrorDataKey = z.string().check(z.regex(/^[A-Za-z][A-Za-z0-9_]{0,63}$/));
/** Lists are read-only, as in core's `ErrorData`, so a `BridgeError.toJSON()` payload is a frame's error as it is. */
const ErrorDataValue = z.union([
  text(LIMITS.message),
  z.number(),
  z.boolean(),
  z.null(),
  z.readonly(z.array(text(LIMITS.message)).check(z.maxLength(100))),
  z.readonly(z.array(z.readonly(z.record(ErrorDataKey, text(LIMITS.message)))).check(z.maxLength(100))),
]);

export const ErrorPayloadSchema = z.strictObject({
  code: z.enum(ERROR_CODES),
  message: text(LIMITS.message),
  hint: z.optional(text(LIMITS.message)),
  data: z.optional(
    z.record(ErrorDataKey, ErrorDataValue).check(z.refine((data) => Object.keys(data).length <= 32, 'has more than 32 entries')),
  ),
});

/**
 * Declares one operation: the request `{id, type, ...params}` and its result `{id, type: '<type>.result',
 * ...fields}`. Both are strict: a key the schema does not name is an error, never silently dropped.
 */
export function op<const T extends string, P extends z.core.$ZodLooseShape, R extends z.core.$ZodLooseShape>(
  type: T,
  params: P,
  result: R,
) {
  return {
    request: z.strictObject({ id: Id, type: z.literal(type), ...params }),
    result: z.strictObject({ id: Id, type: z.literal(`${type}.result`), ...result }),
  };
}

/** Declares a push from the bridge: `{type: 'event.…', ...fields}`, with no id because nothing answers it. */
export function event<const T extends `event.${string}`, F extends z.core.$ZodLooseShape>(type: T, fields: F) {
  return z.strictObject({ type: z.literal(type), ...fields });
}
