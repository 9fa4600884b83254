import type { ServerGroup } from '../client/protocol.js';

export type PgGroupSaveRequestDetail = { group: ServerGroup; isNew: boolean };

/** The user created or edited a server group. Cancel it to store the group yourself. */
export class PgGroupSaveRequestEvent extends Event {
  readonly detail: PgGroupSaveRequestDetail;

  constructor(detail: PgGroupSaveRequestDetail) {
    super('pg-group-save-request', { bubbles: true, composed: true, cancelable: true });
    this.detail = detail;
  }
}

declare global {
  interface HTMLElementEventMap {
    'pg-group-save-request': PgGroupSaveRequestEvent;
  }
}
