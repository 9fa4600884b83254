import type { ConnectionProfile } from '../internal/core.js';
import type { Secrets } from '../client/protocol.js';

export type PgConnectRequestDetail = { profile: ConnectionProfile; secrets: Secrets };

/** The connect half of Save & Connect, sent after the save succeeded. Cancel it to open the connection yourself. */
export class PgConnectRequestEvent extends Event {
  readonly detail: PgConnectRequestDetail;

  constructor(detail: PgConnectRequestDetail) {
    super('pg-connect-request', { bubbles: true, composed: true, cancelable: true });
    this.detail = detail;
  }
}

declare global {
  interface HTMLElementEventMap {
    'pg-connect-request': PgConnectRequestEvent;
  }
}
