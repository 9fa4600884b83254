import type { ErrorPayload } from '../client/protocol.js';

export type PgErrorDetail = ErrorPayload;

/** Something the user asked for failed. The element also shows the error; this event lets the host log or report it. */
export class PgErrorEvent extends Event {
  readonly detail: PgErrorDetail;

  constructor(detail: PgErrorDetail) {
    super('pg-error', { bubbles: true, composed: true, cancelable: false });
    this.detail = detail;
  }
}

declare global {
  interface HTMLElementEventMap {
    'pg-error': PgErrorEvent;
  }
}
