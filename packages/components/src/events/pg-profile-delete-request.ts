
export type PgProfileDeleteRequestDetail = { id: string; name: string; list: 'saved' | 'recent' };

/** The user asked to delete a saved connection or remove a recent one. Cancel it to do that yourself. */
export class PgProfileDeleteRequestEvent extends Event {
  readonly detail: PgProfileDeleteRequestDetail;

  constructor(detail: PgProfileDeleteRequestDetail) {
    super('pg-profile-delete-request', { bubbles: true, composed: true, cancelable: true });
    this.detail = detail;
  }
}

declare global {
  interface HTMLElementEventMap {
    'pg-profile-delete-request': PgProfileDeleteRequestEvent;
  }
}
