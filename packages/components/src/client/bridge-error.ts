import type { ClientErrorCode as AnyClientCode, ErrorPayload } from './protocol.js';

/** Codes the client itself produces, next to the bridge's own (which arrive in `error` frames). */
export type ClientErrorCode = Exclude<AnyClientCode, 'INTERNAL'>;

const CLIENT_HINTS: Record<ClientErrorCode, string> = {
  BRIDGE_NOT_VERIFIED:
    'The program answering on this address could not prove it holds the bridge token, so nothing was sent to it. Restart `pgconnect serve` and open the URL it prints.',
  BRIDGE_UNAVAILABLE: 'The bridge is not reachable. Check that `pgconnect serve` is running; the page reconnects by itself.',
  BRIDGE_TIMEOUT: 'The bridge did not answer in time. It may be busy or the network may be slow; try again.',
  BRIDGE_CLOSED: 'The connection to the bridge was closed by the page.',
  BRIDGE_PROTOCOL: 'The bridge sent something this page does not understand. Update the page and the bridge to the same version.',
};

/** A failed bridge request: an `error` frame from the bridge, or a failure of the channel itself. */
export class BridgeClientError extends Error {
  override readonly name = 'BridgeClientError';
  readonly code: string;
  readonly hint: string | undefined;
  readonly data: Record<string, unknown> | undefined;

  constructor(payload: ErrorPayload) {
    super(payload.message);
    this.code = payload.code;
    this.hint = payload.hint;
    this.data = payload.data;
  }

  static client(code: ClientErrorCode, message: string): BridgeClientError {
    return new BridgeClientError({ code, message, hint: CLIENT_HINTS[code] });
  }

  toJSON(): ErrorPayload {
    return { code: this.code, message: this.message, ...(this.hint ? { hint: this.hint } : {}), ...(this.data ? { data: this.data } : {}) };
  }
}

/** Any thrown value as the payload the components show and put into `pg-error`. */
export function toErrorPayload(error: unknown): ErrorPayload {
  if (error instanceof BridgeClientError) return error.toJSON();
  const message = error instanceof Error ? error.message : String(error);
  return { code: 'INTERNAL', message: message || 'Something went wrong.' };
}
