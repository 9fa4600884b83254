import type { ConnectionProfile } from '../internal/core.js';
import type { ProfileListItem } from '../client/protocol.js';

export type PgProfileSelectDetail = { profile: ConnectionProfile | ProfileListItem; list: 'saved' | 'recent' };

/** The user chose a saved or recent connection. */
export class PgProfileSelectEvent extends Event {
  readonly detail: PgProfileSelectDetail;

  constructor(detail: PgProfileSelectDetail) {
    super('pg-profile-select', { bubbles: true, composed: true, cancelable: false });
    this.detail = detail;
  }
}

declare global {
  interface HTMLElementEventMap {
    'pg-profile-select': PgProfileSelectEvent;
  }
}
