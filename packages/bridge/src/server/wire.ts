/**
 * The error payload as the wire schema types it. Core's `ErrorPayload` (what `BridgeError.toJSON()` returns)
 * has readonly arrays in `data` where the zod-inferred frame type has mutable ones; the values are the same.
 */
import type { ErrorFrame, ErrorPayload } from '@pgconnect/core';

export type WireError = ErrorFrame['error'];

export function wireError(payload: ErrorPayload): WireError {
  return payload as WireError;
}

/**
 * Server mode (security.md §3 item 36): the page may belong to anyone, and a raw errno (ECONNREFUSED vs
 * ETIMEDOUT vs EHOSTUNREACH) in a reply turns the bridge into a finer port-scan oracle than the stable codes
 * already are. The errno stays in the bridge's log; frames lose every `data.errno`. Query rows are not walked:
 * they are the database's values, not error data.
 */
export function withoutErrno<T>(frame: T): T {
  return strip(frame, 0) as T;
}

function strip(value: unknown, depth: number): unknown {
  if (depth > 8 || typeof value !== 'object' || value === null) return value;
  if (Array.isArray(value)) return value.map((item) => strip(item, depth + 1));
  const copy: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value)) {
    if (key === 'errno') continue;
    copy[key] = key === 'rows' ? item : strip(item, depth + 1);
  }
  return copy;
}
