import type { ConnectionProfile } from '../internal/core.js';
import type { Secrets } from '../client/protocol.js';

export type PgSaveRequestDetail = { profile: ConnectionProfile; secrets: Secrets };

/** The user chose Save & Connect; this is the save half. Cancel it to store the profile yourself. */
export class PgSaveRequestEvent extends Event {
  readonly detail: PgSaveRequestDetail;

  constructor(detail: PgSaveRequestDetail) {
    super('pg-save-request', { bubbles: true, composed: true, cancelable: true });
    this.detail = detail;
  }
}

declare global {
  interface HTMLElementEventMap {
    'pg-save-request': PgSaveRequestEvent;
  }
}
