import type { ConnectionProfile } from '../internal/core.js';

export type PgConnectedDetail = { profile: ConnectionProfile; connectionId: string };

/** The bridge opened the connection the user asked for. */
export class PgConnectedEvent extends Event {
  readonly detail: PgConnectedDetail;

  constructor(detail: PgConnectedDetail) {
    super('pg-connected', { bubbles: true, composed: true, cancelable: false });
    this.detail = detail;
  }
}

declare global {
  interface HTMLElementEventMap {
    'pg-connected': PgConnectedEvent;
  }
}
