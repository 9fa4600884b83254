import type { AuthSettings } from '../internal/core.js';

export type PgAuthChangeDetail = { value: AuthSettings; password?: string };

/** The user changed the authentication settings or typed a password. */
export class PgAuthChangeEvent extends Event {
  readonly detail: PgAuthChangeDetail;

  constructor(detail: PgAuthChangeDetail) {
    super('pg-auth-change', { bubbles: true, composed: true, cancelable: false });
    this.detail = detail;
  }
}

declare global {
  interface HTMLElementEventMap {
    'pg-auth-change': PgAuthChangeEvent;
  }
}
