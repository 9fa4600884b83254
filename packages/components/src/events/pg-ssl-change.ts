import type { SslSettings } from '../internal/core.js';

export type PgSslChangeDetail = { value: SslSettings; /** The client key's passphrase (libpq `sslpassword`), when the user typed one. */ sslpassword?: string };

/** The user changed an SSL setting. */
export class PgSslChangeEvent extends Event {
  readonly detail: PgSslChangeDetail;

  constructor(detail: PgSslChangeDetail) {
    super('pg-ssl-change', { bubbles: true, composed: true, cancelable: false });
    this.detail = detail;
  }
}

declare global {
  interface HTMLElementEventMap {
    'pg-ssl-change': PgSslChangeEvent;
  }
}
