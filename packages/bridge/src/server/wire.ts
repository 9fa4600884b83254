/**
 * The error payload as the wire schema types it. Core's `ErrorPayload` (what `BridgeError.toJSON()` returns)
 * has readonly arrays in `data` where the zod-inferred frame type has mutable ones; the values are the same.
 */
import type { ErrorFrame, ErrorPayload } from '@pgconnect/core';

export type WireError = ErrorFrame['error'];

export function wireError(payload: ErrorPayload): WireError {
  return payload as WireError;
}
