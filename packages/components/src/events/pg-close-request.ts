
export type PgCloseRequestDetail = { source: 'close-button' | 'cancel-button' | 'keyboard' };

/** The user asked to close the dialog. Cancel it to keep the dialog open (for example to confirm losing edits). */
export class PgCloseRequestEvent extends Event {
  readonly detail: PgCloseRequestDetail;

  constructor(detail: PgCloseRequestDetail) {
    super('pg-close-request', { bubbles: true, composed: true, cancelable: true });
    this.detail = detail;
  }
}

declare global {
  interface HTMLElementEventMap {
    'pg-close-request': PgCloseRequestEvent;
  }
}
