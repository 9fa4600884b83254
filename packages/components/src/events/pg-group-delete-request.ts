import type { ServerGroup } from '../client/protocol.js';

export type PgGroupDeleteRequestDetail = { group: ServerGroup };

/** The user asked to remove a server group; its connections move to the default group. Cancel it to do that yourself. */
export class PgGroupDeleteRequestEvent extends Event {
  readonly detail: PgGroupDeleteRequestDetail;

  constructor(detail: PgGroupDeleteRequestDetail) {
    super('pg-group-delete-request', { bubbles: true, composed: true, cancelable: true });
    this.detail = detail;
  }
}

declare global {
  interface HTMLElementEventMap {
    'pg-group-delete-request': PgGroupDeleteRequestEvent;
  }
}
