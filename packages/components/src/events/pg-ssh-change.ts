import type { SshSettings } from '../internal/core.js';

export type PgSshChangeDetail = { value: SshSettings; /** The SSH password or key passphrase, when the user typed one. */ secret?: string };

/** The user changed an SSH tunnel setting. */
export class PgSshChangeEvent extends Event {
  readonly detail: PgSshChangeDetail;

  constructor(detail: PgSshChangeDetail) {
    super('pg-ssh-change', { bubbles: true, composed: true, cancelable: false });
    this.detail = detail;
  }
}

declare global {
  interface HTMLElementEventMap {
    'pg-ssh-change': PgSshChangeEvent;
  }
}
